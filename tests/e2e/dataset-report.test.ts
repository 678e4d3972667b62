// The dataset engine's job DAG on the report (issue 20), in headless Chromium against the real server and
// its runner: a learner submits the baseline of the fixture challenge stop-word-count (groupByKey; the
// reference broadcasts, combines with reduceByKey and sorts), opens the report, sees both jobs' stages
// drawn by dagre and the stage table, selects a stage from the keyboard, and the page passes axe and
// does not scroll sideways at 390 px. Screenshots at desktop and phone width, light and dark, land in
// tests/e2e/artifacts/dataset-report/ (git-ignored).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeViolations, seriousA11yViolations } from '../helpers/axe.ts'
import { startE2eStack, stopE2eStack } from '../helpers/e2eStack.ts'
import { inNewPage, signUp, submitSource } from '../helpers/learnerSession.ts'
import { horizontalOverflow } from '../helpers/pageChecks.ts'
import { type QuickPacks, quickPacks } from '../helpers/quickPacks.ts'
import type { ServerProcess } from '../helpers/serverProcess.ts'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const ARTIFACTS = path.join(REPO_ROOT, 'tests/e2e/artifacts/dataset-report')
const PACKS = path.join(REPO_ROOT, 'tests/fixtures/report-packs')
const CHALLENGE = 'dataset-fixture/stop-word-count'

// The page functions below run in the browser; the root tsconfig has no DOM lib.
declare const document: { activeElement: unknown; documentElement: { dataset: Record<string, string> } }
declare const scrollX: number
declare const scrollY: number

let dir: string
let server: ServerProcess | undefined
let browser: Browser | undefined
let packs: QuickPacks | undefined

beforeAll(async () => {
  // The fixture on a short trial (quickPacks): its stages, counters and profile are a real grading's;
  // how many rounds the trial takes is not what this page shows.
  packs = quickPacks(PACKS, ['dataset-fixture'])
  ;({ dir, server, browser } = await startE2eStack({
    artifacts: ARTIFACTS,
    dirPrefix: 'arena-e2e-dataset-',
    runners: 1,
    challengesDir: packs.dir,
  }))
}, 180_000)

afterAll(async () => {
  await stopE2eStack({ dir, server, browser })
  packs?.remove()
})

/** The card alone, cut from a full-page shot: the sticky header does not cover its top there. */
async function shoot(page: Page, name: string, testId = 'job-graph'): Promise<void> {
  await page.waitForTimeout(400)
  const clip = await page.getByTestId(testId).evaluate((card) => {
    const box = card.getBoundingClientRect()
    return { x: box.left + scrollX, y: box.top + scrollY, width: box.width, height: box.height }
  })
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true, clip })
}

it('draws both jobs’ stage DAGs and the stage table, reachable by keyboard, at desktop and phone width', async () => {
  await inNewPage(browser!, { baseURL: server!.url, artifacts: ARTIFACTS }, async (page) => {
    await signUp(page, 'dataset')
    const id = await submitSource(
      page,
      CHALLENGE,
      readFileSync(path.join(PACKS, CHALLENGE, 'baseline.ts'), 'utf8'),
    )
    await page.goto(`/submissions/${id}`)
    await page.locator('[data-testid=verdict] [data-verdict=Accepted]').waitFor({ timeout: 300_000 })
    const card = page.getByTestId('job-graph')
    await card.waitFor()
    // The profile of the call sees the main thread waiting on the stages' workers, and says so.
    expect(await page.getByTestId('profile-yours-waiting').textContent()).toMatch(
      /\d+% of this call waited for the host or an engine/,
    )

    // groupByKey: a shuffle-map stage and a result stage; the reference adds sortBy's sample and sort.
    const yourNodes = page.getByTestId('stage-dag-yours').locator('[data-testid^=stage-node-]')
    const referenceNodes = page.getByTestId('stage-dag-reference').locator('[data-testid^=stage-node-]')
    expect(await yourNodes.count()).toBe(2)
    expect(await referenceNodes.count()).toBe(5)
    const yourRows = page.getByTestId('stage-rows-yours').locator('[data-testid^=stage-row-]')
    expect(await yourRows.count()).toBe(2)
    expect(await yourRows.first().getByTestId('broadcast').textContent()).toMatch(/\d+ B/)
    expect(await yourRows.first().getByTestId('shuffleWrite').textContent()).toMatch(/KB/)
    // The evidence table of the dataset engine, yours beside the reference's.
    const evidence = page.getByTestId('evidence-dataset')
    expect(await evidence.getByTestId('evidence-row-stages').getByTestId('yours').textContent()).toBe('2')
    expect(await evidence.getByTestId('evidence-row-stages').getByTestId('reference').textContent()).toBe('5')

    // Keyboard: a stage is a tab stop; focusing it marks its row in the table.
    const first = yourNodes.first()
    const stageId = ((await first.getAttribute('data-testid')) ?? '').replace('stage-node-', '')
    await first.focus()
    await page.keyboard.press('Enter')
    expect(await first.getAttribute('aria-pressed')).toBe('true')
    expect(await page.getByTestId(`stage-row-${stageId}`).getAttribute('aria-current')).toBe('true')
    await page.keyboard.press('Tab')
    expect(await yourNodes.nth(1).evaluate((node) => node === document.activeElement)).toBe(true)

    const violations = await seriousA11yViolations(page)
    expect(violations, describeViolations(violations)).toEqual([])
    await shoot(page, 'desktop-light')
    await shoot(page, 'evidence-desktop-light', 'evidence-dataset')
    await shoot(page, 'profile-desktop-light', 'profile-section')
    await page.evaluate(() => {
      document.documentElement.dataset.theme = 'dark'
    })
    await shoot(page, 'desktop-dark')
    expect(describeViolations(await seriousA11yViolations(page))).toBe('')
    await page.locator('button[lang=ko]').click()
    await page.getByRole('heading', { name: '데이터셋 잡: 스테이지 DAG' }).waitFor()
    await shoot(page, 'desktop-dark-ko')
    await page.locator('button[lang=en]').click()
    await page.getByRole('heading', { name: 'Dataset jobs: the DAG of stages' }).waitFor()

    await page.setViewportSize({ width: 390, height: 844 })
    expect(await horizontalOverflow(page), 'the report at 390 px').toBe(null)
    await shoot(page, 'phone-dark')
    await page.evaluate(() => {
      document.documentElement.dataset.theme = 'light'
    })
    await shoot(page, 'phone-light')
    await shoot(page, 'evidence-phone-light', 'evidence-dataset')
    await shoot(page, 'profile-phone-light', 'profile-section')
    await page.screenshot({ path: path.join(ARTIFACTS, 'phone-page.png'), fullPage: true })
  })
}, 600_000)
