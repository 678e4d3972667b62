// A class in headless Chromium against the real server (a temporary SQLite file, the fixture pack):
// an instructor creates a group and assigns the pack; two learners join by code in the browser; both
// solve the assigned challenge (results come through the real queue from a stand-in runner, so this
// takes seconds, not perf trials); the group board and the instructor's matrix show them in the right
// order, and the CSV download matches. Screenshots land in tests/e2e/artifacts/groups-flow/.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ApiClient } from '../../apps/server/src/testing/ApiClient.ts'
import { completeWith, submitGraded } from '../../apps/server/src/testing/fakeRunner.ts'
import { apiSessionContext } from '../helpers/apiSessionContext.ts'
import { describeViolations, seriousA11yViolations } from '../helpers/axe.ts'
import { startE2eStack, stopE2eStack } from '../helpers/e2eStack.ts'
import type { ServerProcess } from '../helpers/serverProcess.ts'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const ARTIFACTS = path.join(REPO_ROOT, 'tests/e2e/artifacts/groups-flow')
const CHALLENGE = 'fixture/sum-array'
const PASSWORD = 'correct horse battery'

let dir: string
let server: ServerProcess | undefined
let browser: Browser | undefined
const problems: string[] = []

beforeAll(async () => {
  ;({ dir, server, browser } = await startE2eStack({
    artifacts: ARTIFACTS,
    dirPrefix: 'arena-e2e-groups-',
    runners: 0,
    // Nothing here runs on a GPU: no GPU runner starting (and waking) beside the flow on two cores.
    env: { ARENA_GPU_RUNNERS: '0' },
  }))
}, 180_000)

afterAll(() => stopE2eStack({ dir, server, browser }))

/** A learner signed up through the API, in a browser context holding its session (no login page). */
async function signedIn(
  username: string,
  viewport = { width: 1280, height: 900 },
): Promise<{ context: BrowserContext; page: Page; api: ApiClient }> {
  const api = new ApiClient(server!.url)
  await api.signup(username, PASSWORD)
  const context = await apiSessionContext(browser!, api, {
    baseURL: server!.url,
    viewport,
    acceptDownloads: true,
  })
  const page = await context.newPage()
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  return { context, page, api }
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true })

it('two learners join by code, solve the assignment, and the board, matrix and CSV agree', async () => {
  const teacher = await signedIn('teacher_kim')
  const ada = await signedIn('ada_lee')
  const bo = await signedIn('bo_park')
  const dbFile = path.join(dir, 'arena.sqlite')
  try {
    // The instructor creates the group in the browser and assigns the whole pack.
    await teacher.page.goto('/groups')
    await shot(teacher.page, '01-groups-empty')
    await teacher.page.getByRole('textbox', { name: 'Group name' }).fill('Big data, spring')
    await teacher.page.getByRole('button', { name: 'Create', exact: true }).click()
    await teacher.page.locator('.invite__code').waitFor()
    const code = (await teacher.page.locator('.invite__code').textContent())?.trim() ?? ''
    expect(code).toMatch(/^[A-Z2-7]{10}$/)
    await teacher.page.getByRole('combobox', { name: 'Challenge or pack' }).selectOption('pack:fixture')
    await teacher.page.getByRole('button', { name: 'Assign', exact: true }).click()
    await teacher.page.getByText('Whole pack: fixture').first().waitFor()

    // Both learners join by code in the browser.
    for (const learner of [ada, bo]) {
      await learner.page.goto('/groups')
      await learner.page.getByRole('textbox', { name: 'Invite code' }).fill(code.toLowerCase())
      await learner.page.getByRole('button', { name: 'Join', exact: true }).click()
      await learner.page.getByRole('heading', { name: 'Big data, spring' }).waitFor()
    }
    await shot(bo.page, '02-group-member-view')

    // Both solve it: bo faster (gold) than ada (silver), ada after a wrong answer.
    await submitGraded(ada.api, dbFile, CHALLENGE, { verdict: 'WrongAnswer' })
    await submitGraded(ada.api, dbFile, CHALLENGE, { verdict: 'Accepted', tier: 'silver', score: 0.7 })
    await submitGraded(bo.api, dbFile, CHALLENGE, { verdict: 'Accepted', tier: 'gold', score: 2.5 })

    // The per-challenge board: bo first.
    await ada.page.goto('/leaderboards?tab=challenge')
    await expect
      .poll(() => ada.page.locator('.board-table tbody th .board-table__name').allTextContents())
      .toEqual(['bo_park', 'ada_lee'])
    expect(
      await ada.page.locator('.board-table tbody tr[aria-current] .board-table__name').textContent(),
    ).toBe('ada_lee')
    await shot(ada.page, '03-leaderboard-challenge')
    await ada.page.goto('/leaderboards')
    await ada.page.locator('.board-table').waitFor()
    await shot(ada.page, '04-leaderboard-xp')

    // The instructor's view: the group board (both solved one: tie on count, bo's higher score first),
    // the matrix in member order, and the CSV.
    await teacher.page.reload()
    const board = teacher.page.locator(
      'section[aria-labelledby="group-board-heading"] .board-table tbody th .board-table__name',
    )
    await expect.poll(() => board.allTextContents()).toEqual(['bo_park', 'ada_lee'])
    const matrix = teacher.page.locator('.matrix tbody tr')
    await expect.poll(() => matrix.count()).toBe(2)
    expect(await matrix.nth(0).locator('th').textContent()).toBe('ada_lee')
    expect(await matrix.nth(0).locator('td').first().textContent()).toContain('Accepted')
    expect(await matrix.nth(1).locator('td').first().textContent()).toContain('Accepted')
    await shot(teacher.page, '05-group-instructor')
    await expectAccessible(teacher.page, 'the instructor group page')

    const download = teacher.page.waitForEvent('download')
    await teacher.page.getByRole('button', { name: 'Download CSV' }).click()
    const file = await (await download).path()
    const groupId = Number(new URL(teacher.page.url()).pathname.split('/').at(-1))
    const fromApi = await teacher.api.query<{ csv: string }>('group.csv', { groupId })
    expect(fromApi.ok && readFileSync(file, 'utf8')).toBe(fromApi.ok ? fromApi.data.csv : null)
    expect(readFileSync(file, 'utf8').split('\r\n')).toEqual([
      `username,role,${CHALLENGE},solved,late`,
      'ada_lee,member,accepted:silver:0.700,1,0',
      'bo_park,member,accepted:gold:2.500,1,0',
      '',
    ])

    // A Submit from the challenge page: once graded, a toast says what it earned.
    await ada.page.goto(`/c/${CHALLENGE}`)
    await ada.page.locator('.monaco-editor .view-lines').waitFor()
    await ada.page.getByTestId('submit').click()
    let submissionId: number | undefined
    await expect
      .poll(async () => {
        const list = await ada.api.query<{ id: number; mode: string; status: string }[]>(
          'submission.list',
          {},
        )
        submissionId = list.ok
          ? list.data.find((each) => each.mode === 'full' && each.status !== 'done')?.id
          : undefined
        return submissionId
      })
      .toBeGreaterThan(0)
    await completeWith(dbFile, submissionId!, { verdict: 'Accepted', tier: 'gold', score: 2.8 })
    const toast = ada.page.locator('.toast')
    await toast.waitFor({ timeout: 60_000 })
    await expect.poll(() => toast.textContent()).toContain('+10 XP: first Gold on Sum an array')
    await shot(ada.page, '08-toast')
    await ada.page.keyboard.press('Escape')
    await toast.waitFor({ state: 'detached' })

    // The learner's profile: XP, level, badges, the feed with reasons; and in Korean.
    await bo.page.goto('/profile')
    await bo.page.getByText('+10 XP: first acceptance on Sum an array').waitFor()
    await shot(bo.page, '06-profile')
    await bo.page.getByRole('button', { name: '한국어' }).click()
    await bo.page.getByRole('heading', { name: '나의 진행 상황' }).waitFor()
    await shot(bo.page, '07-profile-ko')
  } finally {
    for (const each of [teacher, ada, bo]) await each.context.close()
  }
  expect(problems).toEqual([])
}, 240_000)

it('a group that is missing or not yours says so and leads back; a bad invite code is explained', async () => {
  const cleo = await signedIn('cleo_lost', { width: 1440, height: 900 })
  try {
    const { page } = cleo
    await page.goto('/groups/999')
    const missing = page.getByTestId('missing-resource')
    await missing.waitFor()
    expect(await missing.textContent()).toContain('There is no group #999, or you are not in it.')
    expect(await page.locator('.notice--error').count()).toBe(0)
    await shot(page, '08-missing-group')
    await page.setViewportSize({ width: 390, height: 844 })
    await shot(page, '08b-missing-group-phone')
    await page.setViewportSize({ width: 1440, height: 900 })
    await missing.getByRole('link', { name: 'Back to your groups' }).click()
    await page.waitForURL(/\/groups$/)
    // A code of the wrong form: the rule, in words, not the field's path and zod's text.
    await page.getByRole('textbox', { name: 'Invite code' }).fill('abc')
    await page.getByRole('button', { name: 'Join', exact: true }).click()
    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.textContent()).toBe('An invite code is 10 letters and digits, like K7Q2M4XZ3A.')
    await shot(page, '09-bad-invite-code')
  } finally {
    await cleo.context.close()
  }
  expect(problems).toEqual([])
}, 120_000)

/** A datetime-local input's value for `ms` (the browser and this process share the machine's zone). */
function localInput(ms: number): string {
  const date = new Date(ms)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

/** Moves every assignment of the group's deadline, as time passing would (the API refuses a past one). */
function moveDeadlines(groupId: number, deadline: number) {
  const db = new Database(path.join(dir, 'arena.sqlite'))
  try {
    db.prepare('UPDATE group_assignments SET deadline = ? WHERE group_id = ?').run(deadline, groupId)
  } finally {
    db.close()
  }
}

// What the page-side callbacks use (this file compiles without the DOM library).
declare const document: { activeElement: unknown; documentElement: { dataset: Record<string, string> } }

const dialog = (page: Page) => page.getByRole('dialog')

it('asks before destructive actions, shows learners due and overdue, and the matrix counts its cells', async () => {
  const teacher = await signedIn('teacher_han', { width: 1440, height: 900 })
  const dan = await signedIn('dan_cho')
  const cy = await signedIn('cy_kang', { width: 390, height: 844 })
  const dbFile = path.join(dir, 'arena.sqlite')
  try {
    await teacher.page.goto('/groups')
    await teacher.page.getByRole('textbox', { name: 'Group name' }).fill('Deadlines lab')
    await teacher.page.getByRole('button', { name: 'Create', exact: true }).click()
    await teacher.page.locator('.invite__code').waitFor()
    const groupId = Number(new URL(teacher.page.url()).pathname.split('/').at(-1))

    // A deadline in the past is refused with a message at the field, and nothing is assigned.
    const target = teacher.page.getByRole('combobox', { name: 'Challenge or pack' })
    const deadline = teacher.page.getByLabel('Deadline (optional)')
    await target.selectOption(`challenge:${CHALLENGE}`)
    await deadline.fill(localInput(Date.now() - 2 * 86_400_000))
    await teacher.page.getByRole('button', { name: 'Assign', exact: true }).click()
    await teacher.page.getByText('This deadline has already passed. Choose a time in the future.').waitFor()
    expect(await deadline.getAttribute('aria-invalid')).toBe('true')
    await shot(teacher.page, '10-deadline-past')
    expect(await teacher.page.getByText('No assignments yet').count()).toBe(1)
    // Three days ahead is fine.
    await deadline.fill(localInput(Date.now() + 3 * 86_400_000 + 3_600_000))
    await teacher.page.getByRole('button', { name: 'Assign', exact: true }).click()
    await teacher.page.locator('.assignment-list').getByText(CHALLENGE).waitFor()

    // New code asks first: Esc keeps the code (focus back on the button); confirming changes it.
    const code = (await teacher.page.locator('.invite__code').textContent())?.trim() ?? ''
    const rotate = teacher.page.getByRole('button', { name: 'New code' })
    await rotate.click()
    await dialog(teacher.page).getByRole('heading', { name: 'Make a new invite code?' }).waitFor()
    await shot(teacher.page, '11-confirm-new-code')
    await teacher.page.keyboard.press('Escape')
    await dialog(teacher.page).waitFor({ state: 'detached' })
    expect(await rotate.evaluate((button) => button === document.activeElement)).toBe(true)
    expect((await teacher.page.locator('.invite__code').textContent())?.trim()).toBe(code)
    await rotate.click()
    await dialog(teacher.page).getByRole('button', { name: 'Make a new code' }).click()
    await expect
      .poll(async () => (await teacher.page.locator('.invite__code').textContent())?.trim())
      .not.toBe(code)
    const newCode = (await teacher.page.locator('.invite__code').textContent())?.trim() ?? ''

    // Learners join; the group page and the course map count down to the deadline.
    for (const learner of [dan, cy]) await learner.api.mutation('group.join', { code: newCode })
    await cy.page.goto(`/groups/${groupId}`)
    const due = cy.page.locator('.assignment-list .due')
    await expect.poll(() => due.textContent()).toBe('Due in 3 days')
    await shot(cy.page, '12-learner-due-390')
    await cy.page.goto('/')
    const row = cy.page.locator('.challenge-row', { hasText: 'Sum an array' })
    await row.getByText('Assigned by Deadlines lab').waitFor()
    expect(await row.locator('.due').textContent()).toBe('Due in 3 days')
    await shot(cy.page, '13-course-map-assigned-390')

    // dan solves in time; then the deadline passes (moved to now): cy sees it overdue, and solves gold, late.
    await submitGraded(dan.api, dbFile, CHALLENGE, { verdict: 'Accepted', tier: 'silver', score: 0.8 })
    await new Promise((resolve) => setTimeout(resolve, 20))
    moveDeadlines(groupId, Date.now())
    await submitGraded(cy.api, dbFile, CHALLENGE, { verdict: 'WrongAnswer' })
    await cy.page.goto(`/groups/${groupId}`)
    await expect.poll(() => due.textContent()).toBe('Overdue: was due 1 minute ago')
    expect(await due.getAttribute('class')).toContain('due--overdue')
    await shot(cy.page, '14-learner-overdue-390')
    await expectAccessible(cy.page, 'the learner group page at 390 px')
    await submitGraded(cy.api, dbFile, CHALLENGE, { verdict: 'Accepted', tier: 'gold', score: 2.2 })
    await cy.page.reload()
    const mine = cy.page.locator('.assignment-list__challenge .cell')
    await expect.poll(() => mine.textContent()).toContain('Accepted · late')
    await cy.page.goto('/')
    await expect
      .poll(() => row.locator('.challenge-row__assigned .badge--warn').textContent())
      .toBe('Accepted · late')
    await cy.page.evaluate(() => {
      document.documentElement.dataset.theme = 'dark'
    })
    await shot(cy.page, '14b-course-map-late-390-dark')
    await cy.page.setViewportSize({ width: 1440, height: 900 })
    await shot(cy.page, '14c-course-map-late-1440-dark')
    await cy.page.evaluate(() => {
      document.documentElement.dataset.theme = 'light'
    })
    await shot(cy.page, '14d-course-map-late-1440')

    // The instructor's matrix: cells say Accepted and Accepted · late; the counts are the cells'.
    await teacher.page.reload()
    const rows = teacher.page.locator('.matrix tbody tr')
    await expect.poll(() => rows.count()).toBe(2)
    const cells = await rows.evaluateAll((trs) =>
      trs.map((tr) => ({
        name: tr.querySelector('th')?.textContent,
        cells: [...tr.querySelectorAll('td .cell')].map((cell) => cell.className),
        solved: tr.querySelector('td.num')?.textContent,
      })),
    )
    expect(cells).toEqual([
      { name: 'dan_cho', cells: ['cell cell--accepted'], solved: '1' },
      { name: 'cy_kang', cells: ['cell cell--late'], solved: '0 +1 late' },
    ])
    expect(await rows.nth(1).locator('td').first().textContent()).toContain('Accepted · late')
    const stat = teacher.page.locator('table:not(.matrix) tbody tr', { hasText: 'Sum an array' })
    // 2 of 2 attempted are accepted, 1 of them late; the submissions column counts submissions.
    expect(await stat.locator('td').nth(0).textContent()).toBe('100% (2/2, 1 late)')
    expect(await stat.locator('td').nth(2).textContent()).toBe('Accepted 2 · Wrong answer 1')
    await shot(teacher.page, '15-matrix-late')

    // Remove member asks first: Cancel keeps cy (focus back on the button); confirming removes.
    const remove = teacher.page.getByRole('button', { name: 'Remove cy_kang' })
    await remove.click()
    await dialog(teacher.page).getByRole('heading', { name: 'Remove cy_kang from the group?' }).waitFor()
    // Focus starts on Cancel, the safe choice.
    expect(
      await dialog(teacher.page)
        .getByRole('button', { name: 'Cancel' })
        .evaluate((b) => b === document.activeElement),
    ).toBe(true)
    await shot(teacher.page, '16-confirm-remove')
    await teacher.page.evaluate(() => {
      document.documentElement.dataset.theme = 'dark'
    })
    await shot(teacher.page, '17-confirm-remove-dark')
    await dialog(teacher.page).getByRole('button', { name: 'Cancel' }).click()
    await dialog(teacher.page).waitFor({ state: 'detached' })
    expect(await remove.evaluate((button) => button === document.activeElement)).toBe(true)
    expect(await teacher.page.locator('.member-list__name').allTextContents()).toContain('cy_kang')
    await shot(teacher.page, '18-group-instructor-dark')
    await expectAccessible(teacher.page, 'the instructor group page in dark')
    await remove.click()
    await dialog(teacher.page).getByRole('button', { name: 'Remove', exact: true }).click()
    await expect
      .poll(() => teacher.page.locator('.member-list__name').allTextContents())
      .not.toContain('cy_kang')
    expect(await cy.api.query('group.get', { groupId })).toMatchObject({ ok: false })
  } finally {
    for (const each of [teacher, dan, cy]) await each.context.close()
  }
  expect(problems).toEqual([])
}, 240_000)

/** Issue 19.14: no serious or critical WCAG 2.1 AA violation (axe-core) on the page as it stands. */
async function expectAccessible(page: Page, what: string): Promise<void> {
  const violations = await seriousA11yViolations(page)
  expect(violations, `${what}:\n${describeViolations(violations)}`).toEqual([])
}
