import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ApiClient } from '../../apps/server/src/testing/ApiClient.ts'
import { submitGraded } from '../../apps/server/src/testing/fakeRunner.ts'
import { apiSessionContext } from '../helpers/apiSessionContext.ts'
import { describeViolations, seriousA11yViolations } from '../helpers/axe.ts'
import { startE2eStack, stopE2eStack } from '../helpers/e2eStack.ts'
import type { ServerProcess } from '../helpers/serverProcess.ts'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const ARTIFACTS = path.join(REPO_ROOT, 'tests/e2e/artifacts/after-solve')
const CHALLENGE = 'fixture/sum-array'
const PASSWORD = 'correct horse battery'
const PHONE = { width: 390, height: 844 }

let dir: string
let server: ServerProcess | undefined
let browser: Browser | undefined
const problems: string[] = []

beforeAll(async () => {
  ;({ dir, server, browser } = await startE2eStack({
    artifacts: ARTIFACTS,
    dirPrefix: 'arena-e2e-after-solve-',
    runners: 0,
  }))
}, 180_000)

afterAll(() => stopE2eStack({ dir, server, browser }))

/**
 * Signed up through the API. `form`: logged in through the login page, which then shows the course
 * map; otherwise the browser context takes the API client's session (apiSessionContext) and opens
 * nothing yet: one person's log-in through the form is enough to drive it.
 */
async function signedIn(
  username: string,
  how: 'form' | 'session',
): Promise<{ context: BrowserContext; page: Page; api: ApiClient }> {
  const api = new ApiClient(server!.url)
  await api.signup(username, PASSWORD)
  const options = { baseURL: server!.url, viewport: { width: 1280, height: 900 } }
  const context =
    how === 'form' ? await browser!.newContext(options) : await apiSessionContext(browser!, api, options)
  const page = await context.newPage()
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  if (how === 'form') {
    await page.goto('/login')
    await page.getByLabel('Username').fill(username)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.locator('.course-path').waitFor()
  }
  return { context, page, api }
}

/** Issue 19.14: no serious or critical WCAG 2.1 AA violation (axe-core) on the page as it stands. */
async function expectAccessible(page: Page, name: string): Promise<void> {
  const violations = await seriousA11yViolations(page)
  expect(violations, `${name}:\n${describeViolations(violations)}`).toEqual([])
}

/**
 * Desktop and phone screenshots, each checked for accessibility. At phone width the page must not scroll sideways; `wide`: the
 * challenge page and the report, whose content still does (issue 19.1, not done yet).
 */
async function shots(page: Page, name: string, { wide = false } = {}): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true })
  await expectAccessible(page, name)
  const desktop = page.viewportSize()
  await page.setViewportSize(PHONE)
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}-phone.png`), fullPage: true })
  await expectAccessible(page, `${name} (phone)`)
  if (!wide) {
    // The whole document, the header's phone menu included.
    const width = await page.locator('html').evaluate((element) => element.scrollWidth)
    expect(width, `${name}: the page is wider than a phone`).toBeLessThanOrEqual(PHONE.width)
  }
  if (desktop) await page.setViewportSize(desktop)
}

it('a hint for its XP, a locked then open Solutions page, sharing, and an instructor reading code', async () => {
  const ada = await signedIn('ada_after', 'form')
  const bo = await signedIn('bo_after', 'session')
  const teacher = await signedIn('teacher_after', 'session')
  const dbFile = path.join(dir, 'arena.sqlite')
  try {
    // A hint: its cost shows before it opens, a second click confirms, then the text is there.
    await ada.page.goto(`/c/${CHALLENGE}`)
    const hints = ada.page.getByTestId('hints')
    await hints.getByRole('button', { name: 'Open hint 1 (costs 1 XP)' }).click()
    await hints.getByText('Hint 1 costs 1 XP; you have 0 XP').waitFor()
    await hints.getByRole('button', { name: 'Open for 1 XP' }).click()
    await hints
      .getByText('plain `for` loop', { exact: false })
      .or(hints.getByText('plain for loop'))
      .first()
      .waitFor()
    expect(await hints.textContent()).toContain('Open hint 2 (costs 4 XP)')
    await shots(ada.page, '01-hint-opened', { wide: true })

    // Solutions are locked before an Accepted Submit.
    await ada.page.getByRole('link', { name: 'Solutions' }).click()
    await ada.page.getByText('Solve it first').waitFor()
    await shots(ada.page, '02-solutions-locked')
    // On a phone the header's links fold into a menu that opens, navigates and closes.
    await ada.page.setViewportSize(PHONE)
    await ada.page.getByRole('button', { name: 'Menu' }).click()
    await ada.page.screenshot({ path: path.join(ARTIFACTS, '02-menu-open-phone.png') })
    await ada.page.locator('#header-panel').getByRole('link', { name: 'Groups' }).click()
    await ada.page.waitForURL('**/groups')
    await expect
      .poll(() => ada.page.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded'))
      .toBe('false')
    await ada.page.setViewportSize({ width: 1280, height: 900 })
    await ada.page.goto(`/c/${CHALLENGE}/solutions`)

    const adaId = await submitGraded(ada.api, dbFile, CHALLENGE, {
      verdict: 'Accepted',
      tier: 'gold',
      score: 1.4,
    })
    await submitGraded(bo.api, dbFile, CHALLENGE, { verdict: 'Accepted', tier: 'silver', score: 0.7 })
    await ada.page.reload()
    await ada.page.getByTestId('editorial').getByText('One pass over the array').waitFor()
    await ada.page.getByTestId('reference').locator('summary').click()
    expect(await ada.page.getByTestId('reference').textContent()).toContain('export function solve')
    await ada.page.getByText('Nobody has shared a solution yet').waitFor()
    await shots(ada.page, '03-solutions-open')

    // Ada shares her Submit from its report.
    await ada.page.goto(`/submissions/${adaId}`)
    await ada.page.getByLabel('Share with learners who solved it').check()
    await ada.page.getByText('Shared: learners who solved this challenge').waitFor()

    // Bo, who solved it too, finds it on the Solutions page and reads it.
    await bo.page.goto(`/c/${CHALLENGE}/solutions`)
    // One ranking per runner class, named by its caption (a gpu kernel's score is not ranked with a cpu one's).
    const row = bo.page
      .getByTestId('community')
      .getByRole('table', { name: 'On cpu runners, best first' })
      .getByRole('row', { name: /ada_after/ })
    await row.waitFor()
    await shots(bo.page, '03-solutions-shared-list')
    await row.getByRole('link', { name: 'Open' }).click()
    await bo.page.getByTestId('read-as').getByText('Shared by ada_after').waitFor()
    await shots(bo.page, '04-shared-solution', { wide: true })

    // The instructor assigns the challenge to a group Bo joins, and opens Bo's code from the matrix.
    const group = await teacher.api.mutation<{ id: number; inviteCode: string }>('group.create', {
      name: 'Readers',
    })
    if (!group.ok) throw new Error(group.error.message)
    await bo.api.mutation('group.join', { code: group.data.inviteCode })
    await teacher.api.mutation('group.assign', { groupId: group.data.id, challengeId: CHALLENGE })
    await teacher.page.goto(`/groups/${group.data.id}`)
    await teacher.page.locator('.matrix').getByRole('link', { name: 'Accepted' }).click()
    await teacher.page.getByTestId('read-as').getByText('Written by bo_after').waitFor()
    await shots(teacher.page, '05-instructor-reads', { wide: true })

    // Discussion: the teacher (who has not solved it) asks; Ada answers with a spoiler, which the
    // teacher sees folded and Bo, who solved it, can open.
    await teacher.page.goto(`/c/${CHALLENGE}`)
    await teacher.page.getByRole('link', { name: 'Discuss' }).click()
    await teacher.page.getByText('No threads yet').waitFor()
    await teacher.page.getByLabel('Title').fill('Is one pass enough?')
    await teacher.page.getByLabel(/^Text/).fill('My loop reads the array **twice**. Why?')
    await teacher.page.getByRole('button', { name: 'Post' }).click()
    await teacher.page.getByRole('heading', { name: 'Is one pass enough?' }).waitFor()
    const threadUrl = teacher.page.url()
    await ada.page.goto(threadUrl)
    await ada.page
      .getByLabel(/^Text/)
      .fill(
        'Keep a running `sum` in a local variable:\n\n```ts\nfor (let i = 0; i < a.length; i++) s += a[i]\n```',
      )
    await ada.page.getByLabel('Spoiler: only those who solved it can read it').check()
    await ada.page.getByRole('button', { name: 'Post' }).click()
    await ada.page.getByText('Show the spoiler').waitFor()
    await teacher.page.reload()
    await teacher.page.getByTestId('folded').waitFor()
    expect(await teacher.page.getByTestId('posts').textContent()).not.toContain('running')
    await shots(teacher.page, '06-discussion-folded')
    await bo.page.goto(threadUrl)
    await bo.page.getByText('Show the spoiler').click()
    await bo.page.getByText('in a local variable').waitFor()
    await shots(bo.page, '07-discussion-spoiler-open')
    expect(problems).toEqual([])
  } finally {
    await Promise.all([ada.context.close(), bo.context.close(), teacher.context.close()])
  }
}, 240_000)
