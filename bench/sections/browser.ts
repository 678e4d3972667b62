// `npm run bench -- browser`: the in-page compile and local sample runs of issue #9, in headless
// Chromium against a real server, in one browser session: keystroke-to-diagnostic latency of the
// esbuild-wasm compile (against the server's compile-error round trip, a sample Run), and time to the
// first sample result on this machine (against a server sample run).
import type { Page } from 'playwright-core'
import { withLearnerPage } from './learnerPage.ts'
import { type BenchSection, summarize } from './section.ts'

const CHALLENGE = 'core/column-sums'
const KEYSTROKES = 20
const RUNS = 5
const CORRECT = `export function solve(input: { rows: number; cols: number; data: Float64Array }): Float64Array {
  const sums = new Float64Array(input.cols)
  for (let r = 0; r < input.rows; r++) for (let c = 0; c < input.cols; c++) sums[c]! += input.data[r * input.cols + c]!
  return sums
}
`
const BROKEN = `${CORRECT}const broken: = 1\n`

// Page-side globals (the root tsconfig has no DOM lib).
declare const window: {
  addEventListener(
    type: string,
    listener: (event: { detail: { ok: boolean; ms: number } }) => void,
    capture?: boolean,
  ): void
  __bench?: { keyAt: number; results: { latency: number; compileMs: number; ok: boolean }[] }
}
declare const performance: { now(): number }
declare const navigator: { clipboard: { writeText(text: string): Promise<void> } }

export const browserSection: BenchSection = {
  name: 'browser',
  description:
    'in-page compile: keystroke to diagnostic; time to first local sample result vs a server sample run (issue #9)',
  run(log) {
    return withLearnerPage({ name: 'browser' }, async (page) => {
      await page.goto(`/c/${CHALLENGE}`)
      await page.locator('.monaco-editor .view-lines').waitFor()
      const diagnostics = await keystrokeToDiagnostic(page, log)
      const firstResult = await firstSampleResult(page, log)
      return { challenge: CHALLENGE, diagnostics, firstResult }
    })
  },
}

async function paste(page: Page, source: string): Promise<void> {
  await page.evaluate((text) => navigator.clipboard.writeText(text), source)
  await page.locator('.monaco-editor .view-lines').click()
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.press('ControlOrMeta+V')
}

/**
 * Each keystroke turns the last line into a syntax error or back; the page's clock runs from the
 * key's keydown to the compile's result event, markers set (as the learner sees it). The
 * baseline is what the page had before: a server sample Run of the broken code, to its CompileError.
 */
async function keystrokeToDiagnostic(page: Page, log: (line: string) => void) {
  await paste(page, CORRECT)
  await page.locator('[data-testid=compile-status][data-ok=true]').waitFor({ timeout: 30_000 })
  await page.evaluate(() => {
    const bench = { keyAt: 0, results: [] as { latency: number; compileMs: number; ok: boolean }[] }
    window.__bench = bench
    window.addEventListener('keydown', () => (bench.keyAt = performance.now()), true)
    window.addEventListener('arena:compiled', (event) =>
      bench.results.push({
        latency: performance.now() - bench.keyAt,
        compileMs: event.detail.ms,
        ok: event.detail.ok,
      }),
    )
  })
  await page.locator('.monaco-editor .view-lines').click()
  await page.keyboard.press('ControlOrMeta+End')
  for (let i = 0; i < KEYSTROKES; i++) {
    // "(" opens an unclosed group (an error under the line); Backspace removes it.
    await page.keyboard.press(i % 2 === 0 ? 'Shift+Digit9' : 'Backspace')
    await page.waitForFunction((count) => (window.__bench?.results.length ?? 0) >= count, i + 1)
  }
  const results = (await page.evaluate(() => window.__bench?.results ?? [])) as {
    latency: number
    compileMs: number
    ok: boolean
  }[]
  const page_ = summarize(results.map((result) => result.latency))
  const compile = summarize(results.map((result) => result.compileMs))
  const errorsShown = results.filter((result) => !result.ok).length
  const server: number[] = []
  await paste(page, BROKEN)
  for (let i = 0; i < RUNS; i++) server.push(await serverRun(page, 'CompileError'))
  const serverStats = summarize(server)
  log(
    `keystroke -> diagnostic in the page: median ${page_.median.toFixed(1)} ms (of which esbuild-wasm ${compile.median.toFixed(1)} ms), ${errorsShown}/${results.length} were errors`,
  )
  log(`server Run of the same error -> CompileError verdict: median ${serverStats.median.toFixed(0)} ms`)
  log(`ratio server / page: ${(serverStats.median / page_.median).toFixed(1)}x`)
  return { page: page_, compileOnly: compile, server: serverStats, ratio: serverStats.median / page_.median }
}

/** Time from the click to the first sample's result, local and on the server, alternating. */
async function firstSampleResult(page: Page, log: (line: string) => void) {
  await paste(page, CORRECT)
  await page.locator('[data-testid=compile-status][data-ok=true]').waitFor({ timeout: 30_000 })
  const local: number[] = []
  const localAll: number[] = []
  const server: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const last = Number((await attr(page, 'local-run', 'data-run')) ?? 0)
    const startedAt = performance.now()
    await page.getByTestId('run-local').click()
    const run = `[data-testid=local-run][data-run="${last + 1}"]`
    await page
      .locator(`${run} [data-testid=local-test][data-status=Accepted]`)
      .first()
      .waitFor({ timeout: 60_000 })
    local.push(performance.now() - startedAt)
    await page.locator(`${run}[data-phase=done]`).waitFor({ timeout: 60_000 })
    localAll.push(performance.now() - startedAt)
    server.push(await serverRun(page, 'Accepted'))
  }
  const stats = { local: summarize(local), localAllSamples: summarize(localAll), server: summarize(server) }
  log(
    `first sample result: local median ${stats.local.median.toFixed(0)} ms (all samples ${stats.localAllSamples.median.toFixed(0)} ms), server sample run median ${stats.server.median.toFixed(0)} ms`,
  )
  log(`ratio server / local (first result): ${(stats.server.median / stats.local.median).toFixed(1)}x`)
  return { ...stats, ratio: stats.server.median / stats.local.median }
}

/** A server sample Run from the page: click to the verdict shown. */
async function serverRun(page: Page, verdict: string): Promise<number> {
  const before = await attr(page, 'open-report', 'href')
  const startedAt = performance.now()
  await page.getByTestId('run').click()
  for (;;) {
    const href = await attr(page, 'open-report', 'href')
    if (href && href !== before) break
    await page.waitForTimeout(10)
  }
  const elapsed = performance.now() - startedAt
  await page.locator(`[data-testid=verdict] [data-verdict=${verdict}]`).waitFor({ timeout: 5_000 })
  return elapsed
}

/** An attribute of an element that may not be there: no waiting when it is not. */
async function attr(page: Page, testId: string, name: string): Promise<string | null> {
  const element = page.getByTestId(testId)
  return (await element.count()) > 0 ? element.first().getAttribute(name) : null
}
