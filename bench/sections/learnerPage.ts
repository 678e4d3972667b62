// The set-up both browser sections share: a real server (its own runner, a temporary database, the
// packs of challenges/), headless Chromium, and a page signed in as a fresh learner.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { type ChromiumOptions, launchChromium } from '../../tests/helpers/launchChromium.ts'
import { signUp } from '../../tests/helpers/learnerSession.ts'
import { startServerProcess } from '../../tests/helpers/serverProcess.ts'
import { ensureWebBuild } from '../../tests/helpers/webBuild.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Runs `measure` with the signed-in page; the server, browser and database are gone afterwards. */
export async function withLearnerPage<T>(
  options: { name: string; chromium?: ChromiumOptions },
  measure: (page: Page) => Promise<T>,
): Promise<T> {
  await ensureWebBuild()
  const dir = mkdtempSync(path.join(tmpdir(), `arena-bench-${options.name}-`))
  // A bench submits more often than a learner would.
  process.env.ARENA_RATE_SUBMIT = '100000'
  const server = await startServerProcess({ dir, runners: 1, challengesDir: path.join(ROOT, 'challenges') })
  // As learners' browsers run it: the in-page compile's wasm tiers up (the tests keep it on Liftoff).
  const browser = await launchChromium({ ...options.chromium, wasmTierUp: true })
  try {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1440, height: 900 } })
    await context.grantPermissions(['clipboard-read', 'clipboard-write'])
    const page = await context.newPage()
    await signUp(page, `bench_${options.name.replace(/\W/g, '_')}`)
    return await measure(page)
  } finally {
    await browser.close()
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}
