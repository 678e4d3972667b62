import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeViolations, seriousA11yViolations } from '../helpers/axe.ts'
import { startE2eStack, stopE2eStack } from '../helpers/e2eStack.ts'
import { runLocal } from '../helpers/localRunPage.ts'
import { horizontalOverflow } from '../helpers/pageChecks.ts'
import type { ServerProcess } from '../helpers/serverProcess.ts'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const ARTIFACTS = path.join(REPO_ROOT, 'tests/e2e/artifacts/learner-flow')
// Skips the first value: the sample [1, 2, 3] sums to 5 instead of 6.
const WRONG = `export function solve(input: Float64Array): number {
  let sum = 0
  for (let i = 1; i < input.length; i++) sum += input[i]!
  return sum
}
`
// Passes both samples (at most three values) and fails the hidden thousand-value case.
const HIDDEN_WRONG = `export function solve(input: Float64Array): number {
  let sum = 0
  for (let i = 0; i < Math.min(input.length, 100); i++) sum += input[i]!
  return sum
}
`
// Correct, and deliberately unhurried (about 0.3 s a call): the fixture would otherwise grade faster
// than a progress bar can render, and this test is about seeing the live progress. At 0.1 s a call the
// whole grading took about a second, and on a machine busy with other test files the page's live
// channel once connected only after the perf trial (it then gets the events so far in one burst, and
// shows the last: the profile round's spinner).
const FIXED = `export function solve(input: Float64Array): number {
  const until = Date.now() + 300
  while (Date.now() < until) {}
  let sum = 0
  for (let i = 0; i < input.length; i++) sum += input[i]!
  return sum
}
`

// The browser globals the page functions below use: the root tsconfig has no DOM lib (and gets none,
// it would clash with Node's stream types), and these functions run in the page, not here.
interface PageNode {
  tagName: string
  className: string
  parentElement: PageNode | null
  getBoundingClientRect(): { right: number }
  textContent: string | null
  style: { top: string }
  getAttribute(name: string): string | null
  querySelectorAll(selector: string): ArrayLike<PageNode>
}
declare const document: {
  body: PageNode
  documentElement: { dataset: Record<string, string | undefined>; scrollWidth: number; clientWidth: number }
  querySelector(selector: string): PageNode | null
  querySelectorAll(selector: string): ArrayLike<PageNode>
  activeElement: { closest(selector: string): unknown } | null
}
declare const window: Record<string, unknown>
declare function getComputedStyle(node: PageNode): { backgroundColor: string; color: string }
declare const navigator: { clipboard: { writeText(text: string): Promise<void> } }
declare class MutationObserver {
  constructor(callback: () => void)
  observe(target: PageNode, options: { subtree: boolean; childList: boolean; attributes: boolean }): void
}

let dir: string
let server: ServerProcess | undefined
let browser: Browser | undefined
const problems: string[] = []

beforeAll(async () => {
  ;({ dir, server, browser } = await startE2eStack({
    artifacts: ARTIFACTS,
    dirPrefix: 'arena-e2e-',
    runners: 1,
    // Nothing here runs on a GPU: no GPU runner starting (and waking) beside the flow on two cores.
    env: { ARENA_GPU_RUNNERS: '0' },
  }))
}, 180_000)

afterAll(() => stopE2eStack({ dir, server, browser }))

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) })
}

/**
 * Replaces the editor's content the way a learner pasting it would (typed text would get Monaco's
 * auto-indent and auto-closed brackets on top).
 */
async function setEditorSource(page: Page, source: string): Promise<void> {
  await page.evaluate((text) => navigator.clipboard.writeText(text), source)
  await page.locator('.monaco-editor .view-lines').click()
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.press('ControlOrMeta+V')
  // Monaco applies a paste in its own time: seconds on a machine busy with other test files.
  await expect.poll(() => editorText(page), { timeout: 15_000 }).toBe(source.trimEnd())
}

/**
 * The editor's lines in order (Monaco positions each line absolutely; DOM order is not line order),
 * without the hints it shows after hot lines ("49% of the time": not part of the code).
 */
async function editorText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const lines = Array.from(document.querySelectorAll('.monaco-editor .view-lines .view-line'))
    const hint = (line: PageNode) =>
      Array.from(line.querySelectorAll('.editor-hot-hint'))
        .map((each) => each.textContent ?? '')
        .join('')
    return lines
      .sort((a, b) => Number.parseFloat(a.style.top) - Number.parseFloat(b.style.top))
      .map((line) => (line.textContent ?? '').replace(hint(line), '').replace(/\u00a0/g, ' '))
      .join('\n')
      .trimEnd()
  })
}

it('signs up, fails a sample, gets Accepted with live progress and a chart, and finds it in the history', async () => {
  const context = await browser!.newContext({ baseURL: server!.url, viewport: { width: 1440, height: 900 } })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  const page = await context.newPage()
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  try {
    await learnerFlow(page)
  } catch (error) {
    // Whatever the page showed when it failed, next to the steps that passed.
    await page
      .screenshot({ path: path.join(ARTIFACTS, 'failure.png'), fullPage: true })
      .catch(() => undefined)
    // The message beside the picture: a suite killed before its summary still leaves why it failed.
    await writeFile(path.join(ARTIFACTS, 'failure.txt'), String((error as Error)?.stack ?? error)).catch(
      () => undefined,
    )
    throw error
  } finally {
    await context.close()
  }
  expect(problems).toEqual([])
}, 420_000)

async function learnerFlow(page: Page): Promise<void> {
  await firstVisit(page)

  // Sign up, from the challenge the visitor tried: back on it afterwards, then the course map.
  await page.getByTestId('visitor-sign-up').click()
  await page.getByLabel('Username').fill(`alpaca_${Date.now().toString(36)}`)
  await page.getByLabel('Password').fill('correct horse battery')
  await shot(page, '01-sign-up')
  await page.getByRole('button', { name: 'Create account' }).click()
  await page.getByTestId('run').waitFor()
  expect(new URL(page.url()).pathname).toBe('/c/fixture/sum-array')
  await page.goto('/')
  await page.locator('.course-path').waitFor()
  // The path starts at the first challenge, and each row names the engines it uses (none here).
  expect(await page.getByTestId('start-here').textContent()).toBe('Start here')
  await expect.poll(() => page.locator('.challenge-row').count()).toBeGreaterThan(0)
  await shot(page, '02-course-map')

  // Open the challenge.
  await page.getByRole('link', { name: 'Sum an array' }).click()
  await page.locator('.monaco-editor .view-lines').waitFor()
  // What the visitor typed before signing up is still there.
  await expect.poll(() => editorText(page), { timeout: 15_000 }).toBe(WRONG.trimEnd())
  await shot(page, '03-challenge')

  // A wrong solution (the visitor's draft, already in the editor: checked above): Run shows the failing
  // sample with its input, expected and actual output.
  await page.getByTestId('run').click()
  const failing = page.getByTestId('failing-test')
  await failing.waitFor({ timeout: 120_000 })
  await expect.poll(() => page.getByTestId('verdict').textContent()).toContain('Wrong answer')
  const failingText = (await failing.textContent()) ?? ''
  expect(failingText).toContain('three numbers')
  expect(failingText).toMatch(/Expected[\s\S]*6/i)
  expect(failingText).toMatch(/Your output[\s\S]*5/i)
  await shot(page, '04-wrong-answer')

  // Wrong on a hidden test only (issue 19.6): the page shows no output, so it does not say "compare the
  // output below"; the report says why there is no performance trial, and not that Runs skip it.
  await setEditorSource(page, HIDDEN_WRONG)
  await page.getByTestId('submit').click()
  await page.locator('[data-testid=verdict] [data-verdict=WrongAnswer]').waitFor({ timeout: 180_000 })
  const help = (await page.getByTestId('verdict-help').textContent()) ?? ''
  expect(help).toContain('hidden test')
  expect(help).not.toContain('below')
  await page.getByTestId('hidden-detail-note').waitFor()
  expect(await page.getByTestId('failing-test').textContent()).not.toMatch(/Your output/)
  await shot(page, '04b-hidden-wrong-answer')
  const hiddenReport = await page.getByTestId('open-report').getAttribute('href')
  await page.goto(hiddenReport ?? '/')
  await page.getByText('No performance trial for this submission.').waitFor()
  const reportText = (await page.locator('main').textContent()) ?? ''
  expect(reportText).toContain('The performance trial runs only once every test passes.')
  expect(reportText).not.toContain('Runs check the samples only')
  expect(await page.getByTestId('verdict-help').textContent()).toBe(help)
  await shot(page, '04c-hidden-wrong-report')
  await page.goBack()
  await page.locator('.monaco-editor .view-lines').waitFor()

  // The fix, submitted with the keyboard: live progress, then Accepted with the time chart.
  await setEditorSource(page, FIXED)
  // The fixture grades in about a second: record every progress bar the panel shows, and take the
  // screenshot the moment the first one appears (from the page, through a binding).
  let progressShot: Promise<void> | undefined
  await page.exposeFunction('arenaSawProgress', () => {
    progressShot ??= shot(page, '05-live-progress')
  })
  await page.evaluate(() => {
    const seen: string[] = []
    window.arenaProgress = seen
    new MutationObserver(() => {
      const shown = `shown: ${document.querySelector('[data-testid=live-progress]')?.textContent ?? ''}`
      if (!seen.includes(shown)) seen.push(shown)
      for (const bar of Array.from(
        document.querySelectorAll('[data-testid=live-progress] [role=progressbar]'),
      )) {
        if (!seen.some((each) => each.startsWith('bar'))) (window.arenaSawProgress as () => void)()
        const text = `bar ${bar.getAttribute('aria-label')}: ${bar.getAttribute('aria-valuetext')}`
        if (!seen.includes(text)) seen.push(text)
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true })
  })
  await page.keyboard.press('ControlOrMeta+Shift+Enter')
  await page.getByTestId('live-progress').waitFor()
  await page.locator('[data-testid=verdict] [data-verdict=Accepted]').waitFor({ timeout: 180_000 })
  await page.locator('[data-testid=perf-time-chart][data-ready=true] svg').waitFor()
  await page.waitForTimeout(600) // the chart's entry animation
  await shot(page, '06-accepted-with-chart')
  await hotLinesOnTheChallengePage(page)
  const seen = await page.evaluate(() => window.arenaProgress as string[])
  const bars = seen.filter((each) => each.startsWith('bar'))
  expect(bars.length, `no progress bar among what the panel showed: ${seen.join(' | ')}`).toBeGreaterThan(0)
  await progressShot
  const reportHref = await page.getByTestId('open-report').getAttribute('href')
  const submissionId = Number(/\/submissions\/(\d+)/.exec(reportHref ?? '')?.[1])
  expect(submissionId).toBeGreaterThan(0)
  await resultsAfterEditing(page)

  // Reload: the submission is in the history (and the diff of the two attempts opens).
  await page.reload()
  await page.locator('.monaco-editor .view-lines').waitFor()
  expect(await editorText(page)).toContain('for (let i = 0; i < input.length; i++)')
  await page.getByRole('link', { name: 'Submissions' }).click()
  const row = page.getByTestId(`history-row-${submissionId}`)
  await row.waitFor()
  expect(await row.textContent()).toContain('Accepted')
  await page.locator('.monaco-diff-editor .view-lines').first().waitFor()
  await page.waitForTimeout(500)
  await shot(page, '07-history')

  // The full report: charts against the reference and the distribution of accepted results.
  await page.goto(`/submissions/${submissionId}`)
  await page.locator('[data-testid=perf-time-chart][data-ready=true] svg').waitFor()
  await page.locator('[data-testid=distribution-chart][data-ready=true] svg').waitFor()
  await page.waitForTimeout(600)
  await page.screenshot({ path: path.join(ARTIFACTS, '08-report.png'), fullPage: true })
  await profileOnTheReport(page, 'desktop')

  // Dark mode (issue 19.2): the header's switch steps System -> Light -> Dark; the choice survives a
  // reload; the page's colours and the charts' text follow it.
  const themeSwitch = page.getByTestId('theme-switch')
  expect(await themeSwitch.getAttribute('data-choice')).toBe('system')
  await themeSwitch.click()
  await page.locator('[data-testid=theme-switch][data-choice=light]').waitFor()
  await themeSwitch.click()
  await page.locator('[data-testid=theme-switch][data-choice=dark]').waitFor()
  const colours = () =>
    page.evaluate(() => ({
      theme: document.documentElement.dataset.theme,
      background: getComputedStyle(document.body).backgroundColor,
      text: getComputedStyle(document.body).color,
    }))
  expect(await colours()).toEqual({
    theme: 'dark',
    background: 'rgb(17, 19, 26)',
    text: 'rgb(230, 232, 242)',
  })
  await page.reload()
  await page.locator('[data-testid=perf-time-chart][data-ready=true] svg').waitFor()
  expect((await colours()).theme).toBe('dark')
  // The chart's axis labels are drawn in the dark theme's text colours, not the light one's.
  const chartText = await page
    .locator('[data-testid=perf-time-chart] svg text')
    .evaluateAll((texts) => [...new Set(texts.map((text) => text.getAttribute('fill')))])
  expect(chartText).not.toContain('#1b1f2a')
  await page.waitForTimeout(600)
  await page.screenshot({ path: path.join(ARTIFACTS, '09-report-dark.png'), fullPage: true })
  const darkReport = await seriousA11yViolations(page)
  expect(darkReport, `the report in dark:\n${describeViolations(darkReport)}`).toEqual([])
  await page.goto('/')
  await page.locator('.challenge-row').first().waitFor()
  await page.screenshot({ path: path.join(ARTIFACTS, '10-course-map-dark.png') })
  await themeSwitch.click()
  await page.locator('[data-testid=theme-switch][data-choice=system]').waitFor()

  // Phones (issue 19.1): the header's menu button is for narrow screens only. Every page at 390 px, in
  // both themes, is every-page.test.ts's (the challenge page's phone screenshot included); here the
  // report of a really graded submission (its charts hold this flow's cases) does not scroll sideways
  // either.
  expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false)
  await page.setViewportSize({ width: 390, height: 844 })
  const report = `/submissions/${submissionId}`
  await page.goto(report)
  await page.locator('[data-testid=perf-time-chart][data-ready=true] svg').first().waitFor()
  // horizontalOverflow waits for the charts to follow the new width itself.
  expect(await horizontalOverflow(page), `${report} at 390 px`).toBe(null)
  // Issue 19.14: no serious or critical WCAG 2.1 AA violation (axe-core), here in the light theme.
  const violations = await seriousA11yViolations(page)
  expect(violations, `${report} at 390 px:\n${describeViolations(violations)}`).toEqual([])
  expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(true)
  await profileOnTheReport(page, 'phone')
}

/** Two boxes overlap when each starts before the other ends, on both axes. */
function overlaps(a: Box | null, b: Box | null): boolean {
  if (!a || !b) return false
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}
interface Box {
  x: number
  y: number
  width: number
  height: number
}

/**
 * Issue 19.4, after the Accepted verdict: the rewards sit beside the chart, not on it; a result for
 * code since changed says so; the type checker's errors are not hidden behind "Compiles"; the results
 * area is resized from the keyboard.
 */
async function resultsAfterEditing(page: Page): Promise<void> {
  const rewards = page.locator('.toast')
  await rewards.waitFor()
  expect(overlaps(await rewards.boundingBox(), await page.getByTestId('perf-time-chart').boundingBox())).toBe(
    false,
  )
  expect(await page.getByTestId('result-outdated').count()).toBe(0)

  // Runs, but a string is not a number: the status names the type error and goes to its line.
  const TYPE_ERROR = FIXED.replace('let sum = 0', "let sum = 0\n  const label: number = 'sum'")
  await setEditorSource(page, TYPE_ERROR)
  await page.getByTestId('result-outdated').waitFor()
  const status = page.locator('[data-testid=compile-status][data-ok=true]:not([data-type-errors="0"])')
  await status.waitFor()
  expect(await status.textContent()).toMatch(/Builds, with 1 type error/)
  await status.click()
  await expect
    .poll(() => page.evaluate(() => Boolean(document.activeElement?.closest('.monaco-editor'))))
    .toBe(true)
  await shot(page, '06b-outdated-type-error')

  // Back to the submitted code: the result is current again, and nothing is wrong with the types.
  await setEditorSource(page, FIXED)
  await expect.poll(() => page.getByTestId('result-outdated').count()).toBe(0)
  await page.locator('[data-testid=compile-status][data-type-errors="0"]').waitFor()

  const splitter = page.getByTestId('results-splitter')
  const before = Number(await splitter.getAttribute('aria-valuenow'))
  const height = async () => (await page.locator('.results-stack').boundingBox())?.height ?? 0
  const heightBefore = await height()
  await splitter.focus()
  await page.keyboard.press('ArrowUp')
  await page.keyboard.press('ArrowUp')
  expect(Number(await splitter.getAttribute('aria-valuenow'))).toBe(before + 10)
  await expect.poll(height).toBeGreaterThan(heightBefore + 40)
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')

  // The shortcut list names every shortcut, Run locally and Monaco's Tab-leaves-the-editor included
  // (issue 19.14); the editor's label says how Tab leaves it.
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click()
  const shortcuts = (await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).textContent()) ?? ''
  for (const what of [
    'Run the samples',
    'Submit for grading',
    'Run the samples on this machine',
    'Tab leaves the editor',
  ])
    expect(shortcuts).toContain(what)
  expect(shortcuts).toMatch(/Ctrl\s*M/)
  await page.keyboard.press('Escape')
  // Monaco puts the label on its input element (a textarea or, with EditContext, a div).
  expect(await page.locator('.monaco-editor [aria-label^="Solution editor"]').count()).toBeGreaterThan(0)
  expect(
    await page.locator('.monaco-editor [aria-label^="Solution editor"]').first().getAttribute('aria-label'),
  ).toContain('Ctrl+M')

  // Reset to starter asks first (issue 19.7); Esc keeps the code.
  await page.getByRole('button', { name: 'Reset to starter' }).click()
  await page.getByRole('dialog').waitFor()
  await page.keyboard.press('Escape')
  await expect.poll(() => page.getByRole('dialog').count()).toBe(0)
  expect(await editorText(page)).toBe(FIXED.trimEnd())
}

/**
 * Issue 18.1 on the challenge page, after the Accepted Submit: the results list the hot lines of the
 * profile round (FIXED spends its time in the wait on line 3), the editor marks that line with its
 * share, and a hot line takes the editor there.
 */
async function hotLinesOnTheChallengePage(page: Page): Promise<void> {
  const first = page.locator('[data-testid=results-hot-lines] li').first()
  await first.waitFor()
  expect(await first.getAttribute('data-line')).toBe('3')
  expect(await first.textContent()).toContain('while (Date.now() < until) {}')
  const hint = page.locator('.monaco-editor .editor-hot-hint').first()
  await hint.waitFor()
  expect(await hint.textContent()).toMatch(/\d+%\sof\sthe\stime/)
  await page.locator('.monaco-editor .view-lines').click()
  await page.keyboard.press('ControlOrMeta+End')
  await first.getByRole('button').click()
  await expect
    .poll(() => page.evaluate(() => Boolean(document.activeElement?.closest('.monaco-editor'))))
    .toBe(true)
  // The cursor is on the hot line: Monaco shows the cursor's line number as the active one.
  await expect
    .poll(() => page.locator('.monaco-editor .line-numbers.active-line-number').first().textContent())
    .toBe('3')
  await shot(page, '06c-hot-lines')
}

/**
 * Issue 18.1 on the report: the learner's flame graph (ECharts, drawn), walked with the keyboard, its
 * hot lines leading to the source listing, and the reference's profile beside it (the learner solved
 * the challenge). Screenshots of the section at desktop and phone width.
 */
async function profileOnTheReport(page: Page, width: 'desktop' | 'phone'): Promise<void> {
  const section = page.getByTestId('profile-section')
  await page.locator('[data-testid=flame-yours-chart][data-ready=true] svg').waitFor()
  // The reference's side is there (Accepted); its call on the fixture is a fraction of a millisecond,
  // which the profiler may not sample: a chart or the reason there is none.
  await page.getByTestId('profile-reference').waitFor()
  await expect.poll(() => page.locator('[data-testid=flame-yours-chart] svg path').count()).toBeGreaterThan(0)
  const hot = page.locator('[data-testid=hot-lines-yours] li').first()
  expect(await hot.getAttribute('data-line')).toBe('3')
  expect(await hot.textContent()).toMatch(/\d+%/)
  // The keyboard reaches the frames: an arrow selects the biggest top frame (outlined on the chart)
  // and the page reads it out; Escape clears the selection.
  await page.getByTestId('flame-yours').focus()
  const readOut = () => page.getByTestId('flame-yours-selected').textContent()
  await page.keyboard.press('ArrowDown')
  await expect.poll(readOut).toMatch(/^.+: \d+% of the time \(/)
  await page.keyboard.press('Escape')
  await expect.poll(readOut).toBe('')
  await page.keyboard.press('ArrowDown')
  await expect.poll(readOut).not.toBe('')
  await hot.getByRole('button').click()
  await expect
    .poll(() => page.evaluate(() => (document.activeElement as unknown as { id?: string } | null)?.id))
    .toBe('source-line-3')
  await section.scrollIntoViewIfNeeded()
  await page.waitForTimeout(300)
  await section.screenshot({ path: path.join(ARTIFACTS, `08b-profile-${width}.png`) })
}

/**
 * Issue 19.3: a visitor's first page says what the platform is and previews the chapters; the first
 * challenge opens without an account, runs on this machine, and asks for an account only to grade.
 */
async function firstVisit(page: Page): Promise<void> {
  await page.goto('/')
  await page.getByTestId('landing').waitFor()
  await page.locator('.landing__chapter').first().waitFor()
  expect(await page.getByRole('link', { name: 'Create an account' }).count()).toBeGreaterThan(0)
  // Its axe checks and its phone width: every-page.test.ts.
  await shot(page, '00-landing')

  await page.getByTestId('landing-try').click()
  await page.locator('.monaco-editor .view-lines').waitFor()
  expect(await page.getByTestId('run').count()).toBe(0)
  expect(await page.getByTestId('submit').count()).toBe(0)
  expect(await page.getByRole('link', { name: 'Submissions' }).count()).toBe(0)
  await setEditorSource(page, WRONG)
  await runLocal(page)
  expect(await page.locator('[data-testid=local-test][data-status=WrongAnswer]').count()).toBeGreaterThan(0)
  // Kept once the editor's debounced save runs, which a machine busy with the whole suite can put
  // after the local run's verdict.
  await expect.poll(() => page.getByTestId('draft-status').textContent()).toMatch(/Kept in this browser/)
  await shot(page, '00b-visitor-challenge')
}
