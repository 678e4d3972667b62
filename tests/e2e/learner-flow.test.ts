// A learner's first session, in headless Chromium against the real server (its own runner process, a
// temporary SQLite file, the fixture pack): sign up, open a challenge, run a wrong solution and see the
// failing sample, submit a fixed one and watch it graded live to an Accepted verdict with its chart,
// then reload and find the submission in the history. A screenshot of every step lands in
// tests/e2e/artifacts/learner-flow/ (git-ignored).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { launchChromium } from '../helpers/launchChromium.ts'
import { type ServerProcess, startServerProcess } from '../helpers/serverProcess.ts'
import { ensureWebBuild } from '../helpers/webBuild.ts'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const ARTIFACTS = path.join(REPO_ROOT, 'tests/e2e/artifacts/learner-flow')
// Skips the first value: the sample [1, 2, 3] sums to 5 instead of 6.
const WRONG = `export function solve(input: Float64Array): number {
  let sum = 0
  for (let i = 1; i < input.length; i++) sum += input[i]!
  return sum
}
`
// Correct, and deliberately unhurried (about 0.1 s a call): the fixture would otherwise grade faster
// than a progress bar can render, and this test is about seeing the live progress.
const FIXED = `export function solve(input: Float64Array): number {
  const until = Date.now() + 100
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
  // The server serves apps/web/dist; build it when it is missing or older than the web sources.
  await ensureWebBuild()
  mkdirSync(ARTIFACTS, { recursive: true })
  dir = mkdtempSync(path.join(tmpdir(), 'arena-e2e-'))
  server = await startServerProcess({ dir, runners: 1 })
  browser = await launchChromium()
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

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
  await expect.poll(() => editorText(page)).toBe(source.trimEnd())
}

/** The editor's lines in order (Monaco positions each line absolutely; DOM order is not line order). */
async function editorText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const lines = Array.from(document.querySelectorAll('.monaco-editor .view-lines .view-line'))
    return lines
      .sort((a, b) => Number.parseFloat(a.style.top) - Number.parseFloat(b.style.top))
      .map((line) => (line.textContent ?? '').replace(/\u00a0/g, ' '))
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
    throw error
  } finally {
    await context.close()
  }
  expect(problems).toEqual([])
}, 420_000)

async function learnerFlow(page: Page): Promise<void> {
  // Sign up.
  await page.goto('/signup')
  await page.getByLabel('Username').fill(`alpaca_${Date.now().toString(36)}`)
  await page.getByLabel('Password').fill('correct horse battery')
  await shot(page, '01-sign-up')
  await page.getByRole('button', { name: 'Create account' }).click()
  await page.locator('.course-path').waitFor()
  await expect.poll(() => page.locator('.challenge-row').count()).toBeGreaterThan(0)
  await shot(page, '02-course-map')

  // Open the challenge.
  await page.getByRole('link', { name: 'Sum an array' }).click()
  await page.locator('.monaco-editor .view-lines').waitFor()
  await expect.poll(() => editorText(page)).toContain('TODO')
  await shot(page, '03-challenge')

  // A wrong solution: Run shows the failing sample with its input, expected and actual output.
  await setEditorSource(page, WRONG)
  await page.getByTestId('run').click()
  const failing = page.getByTestId('failing-test')
  await failing.waitFor({ timeout: 120_000 })
  await expect.poll(() => page.getByTestId('verdict').textContent()).toContain('Wrong answer')
  const failingText = (await failing.textContent()) ?? ''
  expect(failingText).toContain('three numbers')
  expect(failingText).toMatch(/Expected[\s\S]*6/i)
  expect(failingText).toMatch(/Your output[\s\S]*5/i)
  await shot(page, '04-wrong-answer')

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
      for (const bar of Array.from(
        document.querySelectorAll('[data-testid=live-progress] [role=progressbar]'),
      )) {
        if (seen.length === 0) (window.arenaSawProgress as () => void)()
        seen.push(`${bar.getAttribute('aria-label')}: ${bar.getAttribute('aria-valuetext')}`)
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true })
  })
  await page.keyboard.press('ControlOrMeta+Shift+Enter')
  await page.getByTestId('live-progress').waitFor()
  await page.locator('[data-testid=verdict] [data-verdict=Accepted]').waitFor({ timeout: 180_000 })
  await page.locator('[data-testid=perf-time-chart][data-ready=true] svg').waitFor()
  await page.waitForTimeout(600) // the chart's entry animation
  await shot(page, '06-accepted-with-chart')
  const seen = await page.evaluate(() => window.arenaProgress as string[])
  expect(seen.length).toBeGreaterThan(0)
  await progressShot
  const reportHref = await page.getByTestId('open-report').getAttribute('href')
  const submissionId = Number(/\/submissions\/(\d+)/.exec(reportHref ?? '')?.[1])
  expect(submissionId).toBeGreaterThan(0)

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
  await page.goto('/')
  await page.locator('.challenge-row').first().waitFor()
  await page.screenshot({ path: path.join(ARTIFACTS, '10-course-map-dark.png') })
  await themeSwitch.click()
  await page.locator('[data-testid=theme-switch][data-choice=system]').waitFor()

  // Phones (issue 19.1): the header's menu button is for narrow screens only; at 390 px no page of the
  // flow scrolls sideways (the challenge page stacks: statement at its full length, then the editor).
  expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false)
  await page.setViewportSize({ width: 390, height: 844 })
  const challengeUrl =
    new URL(page.url()).origin + (await page.getByRole('link', { name: 'Sum an array' }).getAttribute('href'))
  const phonePages: [string, string][] = [
    ['/', '.challenge-row'],
    [challengeUrl, '.monaco-editor .view-lines'],
    [`${challengeUrl}/history`, `[data-testid=history-row-${submissionId}]`],
    [`/submissions/${submissionId}`, '[data-testid=perf-time-chart][data-ready=true] svg'],
    ['/profile', 'h1'],
    ['/leaderboards', 'h1'],
    ['/groups', 'h1'],
  ]
  for (const [url, ready] of phonePages) {
    await page.goto(url)
    await page.locator(ready).first().waitFor()
    await page.waitForTimeout(300)
    const width = await page.evaluate(() => {
      const client = document.documentElement.clientWidth
      // The outermost elements past the right edge, to name in a failure.
      const wide = Array.from(document.querySelectorAll('body *'))
        .filter((node) => node.getBoundingClientRect().right > client + 1)
        .filter(
          (node) => !node.parentElement || node.parentElement.getBoundingClientRect().right <= client + 1,
        )
        .map((node) => `${node.tagName.toLowerCase()}.${node.className}`)
      return { scroll: document.documentElement.scrollWidth, client, wide: wide.slice(0, 5).join(', ') }
    })
    expect(width.scroll, `${url} at 390 px (too wide: ${width.wide})`).toBeLessThanOrEqual(width.client)
  }
  expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(true)
  await page.goto(challengeUrl)
  await page.locator('.monaco-editor .view-lines').waitFor()
  await page.screenshot({ path: path.join(ARTIFACTS, '11-challenge-phone.png'), fullPage: true })
}
