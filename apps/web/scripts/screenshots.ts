// Screenshots of every page and every state of the results panel, in English and Korean, against the
// mock API in mockApi.ts. Run after `npm run build -w @arena/web`:
//   npm run screenshots -w @arena/web
// PNGs go to tests/e2e/artifacts/pages/ (git-ignored).
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import { preview } from 'vite'
import {
  accepted,
  acceptedWithEngines,
  compileError,
  mockApi,
  running,
  type Scenario,
  summary,
  wrongAnswer,
} from './mockApi.ts'

const webRoot = join(import.meta.dirname, '..')
const outDir = join(webRoot, '../../tests/e2e/artifacts/pages')
const CHALLENGE = '/c/core/zscore-columns'

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

function freshScenario(): Scenario {
  return {
    loggedIn: true,
    list: [],
    submissions: new Map([
      [41, wrongAnswer],
      [42, compileError],
      [43, accepted],
      [44, running],
    ]),
    nextId: 41,
    progress: new Map([
      [
        41,
        [
          { phase: 'compiling' },
          { phase: 'testing', done: 1, total: 2, name: 'example' },
          { phase: 'done', status: 'WrongAnswer' },
        ],
      ],
      [42, [{ phase: 'compiling' }, { phase: 'done', status: 'CompileError' }]],
      [43, [{ phase: 'done', status: 'Accepted' }]],
      [
        44,
        [
          { phase: 'queued', ahead: 0, waitEstimateMs: null },
          { phase: 'compiling' },
          { phase: 'testing', done: 7, total: 7, name: 'gen-3' },
          { phase: 'perf', caseName: '250k-rows', round: 6, maxRounds: 41, casesDone: 1, casesTotal: 3 },
        ],
      ],
    ]),
    drafts: new Map(),
  }
}

async function shoot(
  browser: Browser,
  baseUrl: string,
  language: 'en' | 'ko',
  name: string,
  scenario: Scenario,
  act: (page: Page) => Promise<void>,
  fullPage = false,
): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: baseUrl })
  await context.addInitScript((lang) => localStorage.setItem('arena.language', lang), language)
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text())
  })
  await mockApi(page, scenario)
  await act(page)
  const path = join(outDir, `${language}-${name}.png`)
  await page.screenshot({ path, fullPage })
  if (problems.length > 0) console.warn(`${language}-${name}: ${problems.join(' | ')}`)
  console.log(path)
  await context.close()
}

async function openEditor(page: Page, path = CHALLENGE): Promise<void> {
  await page.goto(path)
  await page.locator('.monaco-editor .view-lines').waitFor()
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true })
  const server = await preview({
    root: webRoot,
    logLevel: 'warn',
    preview: { port: 4179, strictPort: false },
  })
  const baseUrl = server.resolvedUrls?.local[0]?.replace(/\/$/, '') ?? 'http://localhost:4179'
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS })
  try {
    for (const language of ['en', 'ko'] as const) {
      const loggedOut = { ...freshScenario(), loggedIn: false }
      await shoot(browser, baseUrl, language, '01-login', loggedOut, async (page) => {
        await page.goto('/login')
        await page.locator('form').waitFor()
      })
      await shoot(browser, baseUrl, language, '02-signup-invalid', loggedOut, async (page) => {
        await page.goto('/signup')
        await page.locator('input[name=username]').fill(' a')
        await page.locator('input[name=password]').fill('short')
        await page.locator('button[type=submit]').click()
      })
      await shoot(
        browser,
        baseUrl,
        language,
        '03-course-map',
        freshScenario(),
        async (page) => {
          await page.goto('/')
          await page.locator('.course-path').waitFor()
        },
        true,
      )
      await shoot(browser, baseUrl, language, '04-shortcuts', freshScenario(), async (page) => {
        await page.goto('/')
        await page.locator('.course-path').waitFor()
        await page.keyboard.press('?')
        await page.locator('.popover').waitFor()
      })
      await shoot(browser, baseUrl, language, '05-challenge', freshScenario(), async (page) => {
        await openEditor(page)
        await page.waitForTimeout(1500)
      })
      await shoot(
        browser,
        baseUrl,
        language,
        '06-wrong-answer',
        { ...freshScenario(), nextId: 41 },
        async (page) => {
          await openEditor(page)
          await page.getByTestId('run').click()
          await page.getByTestId('failing-test').waitFor()
        },
      )
      await shoot(
        browser,
        baseUrl,
        language,
        '07-compile-error',
        { ...freshScenario(), nextId: 42 },
        async (page) => {
          const scenario = freshScenario()
          void scenario
          await openEditor(page)
          await page.getByTestId('run').click()
          await page.getByTestId('goto-line').click()
          await page.waitForTimeout(600)
        },
      )
      await shoot(
        browser,
        baseUrl,
        language,
        '08-live-progress',
        { ...freshScenario(), nextId: 44 },
        async (page) => {
          await openEditor(page)
          await page.keyboard.press('Control+Shift+Enter')
          await page.locator('[data-testid=live-progress] [role=progressbar]').nth(1).waitFor()
        },
      )
      await shoot(
        browser,
        baseUrl,
        language,
        '09-accepted',
        { ...freshScenario(), nextId: 43 },
        async (page) => {
          await openEditor(page)
          await page.getByTestId('submit').click()
          await page.locator('[data-testid=perf-time-chart][data-ready=true] svg').waitFor()
          await page.waitForTimeout(700)
        },
      )
      const withHistory = {
        ...freshScenario(),
        list: [summary(accepted), summary(compileError), summary(wrongAnswer)],
      }
      await shoot(
        browser,
        baseUrl,
        language,
        '10-history-diff',
        withHistory,
        async (page) => {
          await page.goto(`${CHALLENGE}/history`)
          await page.locator('.monaco-diff-editor .view-lines').first().waitFor()
          await page.waitForTimeout(1200)
        },
        true,
      )
      const report = freshScenario()
      report.submissions.set(43, acceptedWithEngines)
      await shoot(
        browser,
        baseUrl,
        language,
        '11-report',
        report,
        async (page) => {
          await page.goto('/submissions/43')
          await page.locator('[data-testid=distribution-chart][data-ready=true] svg').waitFor()
          await page.locator('[data-testid=timeline-chart][data-ready=true] svg').waitFor()
          await page.waitForTimeout(700)
        },
        true,
      )
      await shoot(
        browser,
        baseUrl,
        language,
        '12-report-samples-only',
        freshScenario(),
        async (page) => {
          await page.goto('/submissions/41')
          await page.getByTestId('failing-test').waitFor()
        },
        true,
      )
      await shoot(browser, baseUrl, language, '13-missing-submission', freshScenario(), async (page) => {
        await page.goto('/submissions/999')
        await page.locator('.empty-state').waitFor()
      })
      await shoot(browser, baseUrl, language, '14-history-empty', freshScenario(), async (page) => {
        await page.goto(`${CHALLENGE}/history`)
        await page.locator('.empty-state').waitFor()
      })
      await shoot(browser, baseUrl, language, '15-not-found', freshScenario(), async (page) => {
        await page.goto('/no/such/page')
        await page.locator('.empty-state').waitFor()
      })
    }
  } finally {
    await browser.close()
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()))
  }
}

await main()
