// Every engine's evidence on the report (issue 16), in headless Chromium against the real server with
// its own runners (cpu, and gpu on SwiftShader) and the course's own packs: a learner submits the
// reference of a disk, a pool, a mapreduce (word-count) and a gpu challenge, opens each report and sees the engine's
// figures beside the reference's, the timeline's bars and how the headline is formed. Screenshots at
// desktop and phone width land in tests/e2e/artifacts/engine-report/ (git-ignored).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { launchChromium } from '../helpers/launchChromium.ts'
import { type ServerProcess, startServerProcess } from '../helpers/serverProcess.ts'
import { ensureWebBuild } from '../helpers/webBuild.ts'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const ARTIFACTS = path.join(REPO_ROOT, 'tests/e2e/artifacts/engine-report')
const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json'

interface Case {
  engine: 'disk' | 'pool' | 'mapreduce' | 'gpu'
  challenge: string
  /** Rows of the engine's table that must show a figure on both sides. */
  rows: string[]
  /** Whether the engine reports a timeline of tasks. */
  timeline: boolean
}

const CASES: Case[] = [
  {
    engine: 'disk',
    challenge: 'core/external-sort',
    rows: ['bytesRead', 'bytesWritten', 'readPasses', 'seeks', 'peakScratch'],
    timeline: false,
  },
  {
    engine: 'pool',
    challenge: 'core/parallel-histogram',
    rows: ['workerBusy-0', 'workerBusy-1', 'workerTasks-0', 'tasks'],
    timeline: true,
  },
  {
    engine: 'mapreduce',
    challenge: 'core/word-count',
    rows: ['shuffleBytes', 'spilledRuns', 'reducerRecords-0', 'reducerSkew', 'mapPhase', 'reducePhase'],
    timeline: true,
  },
  {
    engine: 'gpu',
    challenge: 'gpu/reduce-sum',
    rows: ['kernelTime', 'gflops', 'gbps', 'codeShare'],
    timeline: true,
  },
]

let dir: string
let server: ServerProcess | undefined
let browser: Browser | undefined

beforeAll(async () => {
  await ensureWebBuild()
  mkdirSync(ARTIFACTS, { recursive: true })
  dir = mkdtempSync(path.join(tmpdir(), 'arena-e2e-engines-'))
  server = await startServerProcess({
    dir,
    runners: 1,
    challengesDir: path.join(REPO_ROOT, 'challenges'),
    env: { ARENA_GPU_RUNNERS: '1', VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? SWIFTSHADER },
  })
  browser = await launchChromium()
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

function reference(challenge: string): string {
  return readFileSync(path.join(REPO_ROOT, 'challenges', challenge, 'reference.ts'), 'utf8')
}

/** Submit as the page does (tRPC over the same origin, the session cookie), answering the new id. */
async function submit(page: Page, challengeId: string): Promise<number> {
  // The double-submit CSRF cookie the server set, echoed the way the page's tRPC client does.
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'arena_csrf')?.value ?? ''
  const response = await page.request.post('/trpc/submission.create', {
    data: { challengeId, source: reference(challengeId), mode: 'full' },
    headers: { origin: server!.url, 'x-csrf-token': csrf },
  })
  expect(response.status(), await response.text()).toBe(200)
  const body = (await response.json()) as { result: { data: { id: number } } }
  return body.result.data.id
}

it('shows every engine’s counters beside the reference’s, the timeline bars and the headline rule', async () => {
  const context = await browser!.newContext({ baseURL: server!.url, viewport: { width: 1440, height: 900 } })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  try {
    await page.goto('/signup')
    await page.getByLabel('Username').fill(`engines_${Date.now().toString(36)}`)
    await page.getByLabel('Password').fill('correct horse battery staple')
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.locator('.course-path').waitFor()

    // All four queued at once: the cpu runner grades three in turn while the gpu runner grades one.
    const ids = new Map<Case, number>()
    for (const entry of CASES) ids.set(entry, await submit(page, entry.challenge))

    for (const entry of CASES) {
      await page.goto(`/submissions/${ids.get(entry)}`)
      await page.locator('[data-testid=verdict] [data-verdict=Accepted]').waitFor({ timeout: 600_000 })
      const table = page.getByTestId(`evidence-${entry.engine}`)
      await table.waitFor()
      for (const row of entry.rows) {
        const cells = table.getByTestId(`evidence-row-${row}`)
        expect(await cells.getByTestId('yours').textContent(), `${entry.engine} ${row} yours`).toMatch(/\d/)
        expect(await cells.getByTestId('reference').textContent(), `${entry.engine} ${row} ref`).toMatch(/\d/)
      }
      if (entry.engine === 'disk') {
        // The reference sorts out of core in two passes: it reads its input twice (≈ 2×, not 9×).
        const passes = await table.getByTestId('evidence-row-readPasses').getByTestId('yours').textContent()
        expect(Number.parseFloat(passes ?? '')).toBeLessThan(4)
        expect(await table.getByTestId('evidence-row-bytesRead').textContent()).toMatch(/MB/)
      }
      if (entry.engine === 'gpu') {
        expect(await table.getByTestId('evidence-row-gflops').textContent()).toContain('GFLOP/s')
        expect(await table.getByTestId('evidence-row-gbps').textContent()).toContain('GB/s')
      }
      if (entry.timeline) {
        const summary = (await page.getByTestId('timeline-summary').textContent()) ?? ''
        const tasks = Number(/(\d+) tasks?/.exec(summary)?.[1])
        expect(tasks, summary).toBeGreaterThan(0)
        await page.locator('[data-testid=timeline-chart][data-ready=true] svg').waitFor()
        // One bar per task, drawn in its worker's colour (see TimelineCard's WORKER_COLORS).
        await expect
          .poll(() => page.locator('[data-testid=timeline-chart] svg path[fill="#5b4cf0"]').count())
          .toBeGreaterThan(0)
      }
      // How the headline is formed, in one sentence (or why there is none: a software GPU).
      const formula = (await page.getByTestId('headline-formula').textContent()) ?? ''
      expect(formula).toMatch(
        entry.engine === 'gpu' ? /software GPU/ : /geometric mean|ratio of the one case/,
      )
      await page.waitForTimeout(600)
      await page.screenshot({ path: path.join(ARTIFACTS, `${entry.engine}-desktop.png`), fullPage: true })
      await page.setViewportSize({ width: 390, height: 844 })
      await page.waitForTimeout(600)
      await page.screenshot({ path: path.join(ARTIFACTS, `${entry.engine}-phone.png`), fullPage: true })
      await page.setViewportSize({ width: 1440, height: 900 })
    }
  } catch (error) {
    await page
      .screenshot({ path: path.join(ARTIFACTS, 'failure.png'), fullPage: true })
      .catch(() => undefined)
    throw error
  } finally {
    await context.close()
  }
  expect(problems).toEqual([])
}, 900_000)

// Issue 19.11: a challenge whose sizes are named parameters (matrix-transpose: `{ rows, cols }`).
it('names each perf case’s size under its name, named parameters included', async () => {
  const context = await browser!.newContext({ baseURL: server!.url, viewport: { width: 1440, height: 900 } })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  try {
    await page.goto('/signup')
    await page.getByLabel('Username').fill(`shapes_${Date.now().toString(36)}`)
    await page.getByLabel('Password').fill('correct horse battery staple')
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.locator('.course-path').waitFor()
    const id = await submit(page, 'core/matrix-transpose')
    await page.goto(`/submissions/${id}`)
    await page.locator('[data-testid=verdict] [data-verdict=Accepted]').waitFor({ timeout: 600_000 })
    const sizes = await page.getByTestId('perf-cases').getByTestId('perf-case-size').allTextContents()
    expect(sizes).toEqual([
      'size rows = 1,024 · cols = 2,048',
      'size rows = 1,536 · cols = 3,072',
      'size rows = 2,048 · cols = 4,096',
    ])
    await page.getByTestId('perf-cases').scrollIntoViewIfNeeded()
    await page.screenshot({ path: path.join(ARTIFACTS, 'named-sizes-desktop.png') })
    await page.setViewportSize({ width: 390, height: 844 })
    await page.getByTestId('perf-cases').scrollIntoViewIfNeeded()
    await page.waitForTimeout(400)
    await page.screenshot({ path: path.join(ARTIFACTS, 'named-sizes-phone.png') })
  } finally {
    await context.close()
  }
  expect(problems).toEqual([])
}, 600_000)
