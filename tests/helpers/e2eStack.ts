// What every browser flow starts with: the web build, a real server process on a fresh SQLite file in
// a temporary folder, and headless Chromium; and what it ends with.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { launchChromium } from './launchChromium.ts'
import { type ServerProcess, startServerProcess } from './serverProcess.ts'
import { ensureWebBuild } from './webBuild.ts'

export interface E2eStack {
  /** The server's data folder (its database), removed at the end. */
  dir: string
  server: ServerProcess
  browser: Browser
}

export async function startE2eStack(options: {
  /** Where the flow's screenshots go (created). */
  artifacts: string
  /** The temporary folder's name prefix, e.g. `arena-e2e-groups-`. */
  dirPrefix: string
  /** Runner processes of the server (0: nothing is graded, as in flows that record results directly). */
  runners: number
  /** Packs the server imports (default: the fixture packs). */
  challengesDir?: string
  /**
   * More environment for the server and its runners. No GPU runner unless it says so
   * (`ARENA_GPU_RUNNERS`): one that grades nothing still starts Dawn beside the flow on two cores.
   */
  env?: Record<string, string>
}): Promise<E2eStack> {
  // The server serves apps/web/dist; build it when it is missing or older than the web sources.
  await ensureWebBuild()
  mkdirSync(options.artifacts, { recursive: true })
  const dir = mkdtempSync(path.join(tmpdir(), options.dirPrefix))
  const { runners, challengesDir } = options
  const env = { ARENA_GPU_RUNNERS: '0', ...options.env }
  // Side by side: Chromium starts while the server imports its packs.
  const [server, browser] = await Promise.allSettled([
    startServerProcess({ dir, runners, challengesDir, env }),
    launchChromium(),
  ])
  if (server.status === 'rejected' || browser.status === 'rejected') {
    await stopE2eStack({
      dir,
      server: server.status === 'fulfilled' ? server.value : undefined,
      browser: browser.status === 'fulfilled' ? browser.value : undefined,
    })
    throw server.status === 'rejected' ? server.reason : (browser as PromiseRejectedResult).reason
  }
  return { dir, server: server.value, browser: browser.value }
}

/** Closes what started, in reverse order; safe after a start that failed halfway. */
export async function stopE2eStack(stack: Partial<E2eStack>): Promise<void> {
  await stack.browser?.close()
  await stack.server?.stop()
  if (stack.dir) rmSync(stack.dir, { recursive: true, force: true })
}
