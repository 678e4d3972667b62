// A class in headless Chromium against the real server (a temporary SQLite file, the fixture pack):
// an instructor creates a group and assigns the pack; two learners join by code in the browser; both
// solve the assigned challenge (results come through the real queue from a stand-in runner, so this
// takes seconds, not perf trials); the group board and the instructor's matrix show them in the right
// order, and the CSV download matches. Screenshots land in tests/e2e/artifacts/groups-flow/.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ApiClient } from '../../apps/server/src/testing/ApiClient.ts'
import { completeWith, submitGraded } from '../../apps/server/src/testing/fakeRunner.ts'
import { launchChromium } from '../helpers/launchChromium.ts'
import { type ServerProcess, startServerProcess } from '../helpers/serverProcess.ts'
import { ensureWebBuild } from '../helpers/webBuild.ts'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const ARTIFACTS = path.join(REPO_ROOT, 'tests/e2e/artifacts/groups-flow')
const CHALLENGE = 'fixture/sum-array'
const PASSWORD = 'correct horse battery'

let dir: string
let server: ServerProcess | undefined
let browser: Browser | undefined
const problems: string[] = []

beforeAll(async () => {
  // The server serves apps/web/dist; build it when it is missing or older than the web sources.
  await ensureWebBuild()
  mkdirSync(ARTIFACTS, { recursive: true })
  dir = mkdtempSync(path.join(tmpdir(), 'arena-e2e-groups-'))
  server = await startServerProcess({ dir, runners: 0 })
  browser = await launchChromium()
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function signedIn(username: string): Promise<{ context: BrowserContext; page: Page; api: ApiClient }> {
  const api = new ApiClient(server!.url)
  await api.signup(username, PASSWORD)
  const context = await browser!.newContext({
    baseURL: server!.url,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  })
  const page = await context.newPage()
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  await page.goto('/login')
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.locator('.course-path').waitFor()
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

    const download = teacher.page.waitForEvent('download')
    await teacher.page.getByRole('button', { name: 'Download CSV' }).click()
    const file = await (await download).path()
    const groupId = Number(new URL(teacher.page.url()).pathname.split('/').at(-1))
    const fromApi = await teacher.api.query<{ csv: string }>('group.csv', { groupId })
    expect(fromApi.ok && readFileSync(file, 'utf8')).toBe(fromApi.ok ? fromApi.data.csv : null)
    expect(readFileSync(file, 'utf8').split('\r\n')).toEqual([
      `username,role,${CHALLENGE},solved`,
      'ada_lee,member,accepted:silver:0.700,1',
      'bo_park,member,accepted:gold:2.500,1',
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
