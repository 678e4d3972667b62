// An instructor writes a challenge on the web in headless Chromium against the real server (a temporary
// SQLite file, one real runner process): creates a pack, edits the metadata form, the statement with
// its preview (en/ko) and files in Monaco, runs "Test pack" (arena pack test on the runner, live),
// publishes it to a group; a member solves it; the instructor edits the tests, publishes version 2 and
// re-grades; the member's result is graded again on version 2 and the version-1 result stays in the
// history. Screenshots land in tests/e2e/artifacts/authoring-flow/.
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { strToU8, zipSync } from 'fflate'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ApiClient } from '../../apps/server/src/testing/ApiClient.ts'
import { apiSessionContext } from '../helpers/apiSessionContext.ts'
import { describeViolations, seriousA11yViolations } from '../helpers/axe.ts'
import { startE2eStack, stopE2eStack } from '../helpers/e2eStack.ts'
import { grantRole } from '../helpers/grantRole.ts'
import { horizontalOverflow } from '../helpers/pageChecks.ts'
import type { ServerProcess } from '../helpers/serverProcess.ts'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const ARTIFACTS = path.join(REPO_ROOT, 'tests/e2e/artifacts/authoring-flow')
const FIXTURE_PACK = path.join(REPO_ROOT, 'tests/fixtures/packs/fixture')
const PASSWORD = 'correct horse battery'
const PACK = 'week-one'
const SLUG = 'first-challenge'
const CHALLENGE = `${PACK}/${SLUG}`
// Runs in the page (page.evaluate); the test's own types have no DOM.
declare const navigator: { clipboard: { writeText(text: string): Promise<void> } }
declare const document: { querySelector(selector: string): { scrollIntoView(): void } | null }

let dir: string
let server: ServerProcess | undefined
let browser: Browser | undefined
const problems: string[] = []

beforeAll(async () => {
  ;({ dir, server, browser } = await startE2eStack({
    artifacts: ARTIFACTS,
    dirPrefix: 'arena-e2e-authoring-',
    runners: 1,
    // Nothing here runs on a GPU: no GPU runner starting (and waking) beside the flow on two cores.
    env: { ARENA_GPU_RUNNERS: '0' },
  }))
}, 180_000)

afterAll(() => stopE2eStack({ dir, server, browser }))

interface Session {
  context: BrowserContext
  page: Page
  api: ApiClient
}

/** Signed up through the API; its browser context holds the session (no login page) and opens the course map. */
async function signedIn(username: string, role?: 'instructor'): Promise<Session> {
  const api = new ApiClient(server!.url)
  await api.signup(username, PASSWORD)
  if (role) grantRole(path.join(dir, 'arena.sqlite'), username, role)
  const context = await apiSessionContext(browser!, api, {
    baseURL: server!.url,
    viewport: { width: 1400, height: 1000 },
  })
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  const page = await context.newPage()
  page.on('pageerror', (error) => problems.push(`${username}: pageerror: ${error.message}`))
  await page.goto('/')
  await page.locator('.course-path').waitFor()
  return { context, page, api }
}

/** The viewport, scrolled to `at` when given (full-page shots repeat the sticky header mid-page). */
async function shot(page: Page, name: string, at?: string): Promise<void> {
  // Scrolled there without waiting for the page to hold still: a pack test's live progress may keep
  // moving the layout, and the picture, not the stillness, is the point here.
  // Found and scrolled in one step in the page: a locator's handle is resolved in one round trip and
  // used in the next, and fails ("Could not resolve ... to DOM Element") when a re-render replaced the
  // element in between; likely why this scroll once failed on '.metadata-form h3', right after Apply,
  // while the saved draft comes back and the form renders again.
  if (at)
    await page.waitForFunction((selector) => {
      const element = document.querySelector(selector)
      element?.scrollIntoView()
      return element !== null
    }, at)
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) })
}

/** Replaces the focused Monaco editor's content as a paste would (typing would add auto-indent). */
async function pasteIntoEditor(page: Page, text: string): Promise<void> {
  await page.evaluate((value) => navigator.clipboard.writeText(value), text)
  await page.locator('.monaco-editor .view-lines').first().click()
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.press('ControlOrMeta+V')
}

async function data<T>(promise: Promise<{ ok: boolean; data?: unknown; error?: unknown }>): Promise<T> {
  const result = await promise
  if (!result.ok) throw new Error(JSON.stringify(result.error))
  return result.data as T
}

async function testAndPublish(
  page: Page,
  version: number,
  shots: { live: string; done: string },
): Promise<void> {
  await page.getByRole('button', { name: 'Test pack' }).click()
  // The table fills in live: the runner's plan first, then each grading as it finishes.
  await page.locator('.pack-test__row--done').first().waitFor({ timeout: 120_000 })
  await shot(page, shots.live, '.pack-test')
  const summary = page.getByTestId('pack-test-summary')
  await summary.waitFor({ timeout: 240_000 })
  expect(await summary.textContent()).toMatch(/^ok: \d+ gradings behaved as their roles demand$/)
  // The same table as the CLI: reference, baseline, starter and every wrong solution, each ok.
  const solutions = await page.locator('.pack-test__table tbody tr td:nth-child(2)').allTextContents()
  expect(solutions).toEqual(
    expect.arrayContaining(['reference', 'baseline', 'starter', 'wrong/skips-last', 'wrong/quadratic']),
  )
  await shot(page, shots.done, '.pack-test')
  await page.getByLabel('Visibility', { exact: true }).selectOption({ label: 'Private to a group' })
  await page.getByLabel('Group', { exact: true }).selectOption({ label: 'Week one class' })
  await page.getByRole('button', { name: 'Publish a new version' }).click()
  await page.getByText(`Published as version ${version}.`).waitFor()
}

it('an instructor writes, tests and publishes a challenge; a member solves it; a new version re-grades it', async () => {
  const teacher = await signedIn('prof_han', 'instructor')
  const member = await signedIn('mina_cho')
  try {
    // A new pack in the browser: it starts as arena new's working example.
    const { page } = teacher
    await page.getByRole('link', { name: 'Authoring' }).click()
    await page.getByText('No packs yet').waitFor()
    await shot(page, '01-authoring-empty')
    // A broken upload is refused with the file and the reason, and nothing is kept.
    const broken = zipSync({
      'evil/pack.yaml': strToU8('id: evil\ntitle: Evil\nchallenges: [x]\n'),
      'evil/../../escape.ts': strToU8('export {}'),
    })
    await page
      .getByLabel('Upload a zip')
      .setInputFiles({ name: 'evil.zip', mimeType: 'application/zip', buffer: Buffer.from(broken) })
    const refusal = page.getByRole('alert').filter({ hasText: 'The pack was not uploaded' })
    await refusal.waitFor()
    expect(await refusal.textContent()).toContain('evil/../../escape.ts: ".." would leave the pack folder')
    await shot(page, '01b-upload-refused')
    expect(await data(teacher.api.query('authoring.mine'))).toEqual([])
    // A pack written with the CLI, uploaded as a folder: it becomes a draft and opens in the editor.
    const folder = path.join(dir, 'uploads', 'cli-pack')
    cpSync(FIXTURE_PACK, folder, { recursive: true })
    const packYaml = path.join(folder, 'pack.yaml')
    writeFileSync(packYaml, readFileSync(packYaml, 'utf8').replace(/^id: fixture$/m, 'id: cli-pack'))
    await page.getByLabel('Upload a folder').setInputFiles(folder)
    await page.getByRole('heading', { name: 'cli-pack' }).waitFor()
    await page.getByRole('tab', { name: 'Metadata' }).first().waitFor()
    await page.goto('/authoring')
    await page.getByRole('link', { name: 'cli-pack' }).waitFor()
    await page.getByLabel('Pack id').fill(PACK)
    await page.getByRole('button', { name: 'Create', exact: true }).click()
    await page.getByRole('heading', { name: PACK }).waitFor()

    // Teaching no group yet (issue 19.9): the publish form does not offer a group, says why, and
    // starts on a choice the server accepts. Then the class is made and the form offers it.
    const visibility = page.getByLabel('Visibility', { exact: true })
    await page.getByTestId('no-group-reason').waitFor()
    expect(await visibility.inputValue()).toBe('draft')
    const privateOption = visibility.locator('option[value=private]')
    expect(await privateOption.isDisabled()).toBe(true)
    expect(await privateOption.textContent()).toBe('Private to a group (you teach no group yet)')
    await shot(page, '01c-publish-without-group', '#publish-heading')
    const group = await data<{ id: number; inviteCode: string }>(
      teacher.api.mutation('group.create', { name: 'Week one class' }),
    )
    await data(member.api.mutation('group.join', { code: group.inviteCode }))
    await page.reload()
    await page.getByRole('heading', { name: PACK }).waitFor()
    await expect.poll(() => visibility.inputValue()).toBe('private')
    expect(await page.getByTestId('no-group-reason').count()).toBe(0)

    // The metadata form, checked by challenge.yaml's schema: a bad value is refused next to its field.
    await page.getByLabel('XP', { exact: true }).fill('-5')
    await page.getByRole('button', { name: 'Apply to challenge.yaml' }).click()
    await page.locator('.field__error').first().waitFor()
    expect(await page.locator('.field__error').first().textContent()).toMatch(
      /^XP must be (more than|at least) \d+\.$/,
    )
    // The field's name now includes its error: find it by how it starts.
    await page.getByRole('spinbutton', { name: /^XP/ }).fill('30')
    await page.getByLabel('Title', { exact: true }).fill('Add them up')
    await page.getByLabel('Title (Korean)').fill('모두 더하기')
    await page.getByLabel('Case 1 size').fill('2000')
    // Large enough that the baseline's Array.from + reduce is clearly slower than the reference even on a
    // loaded CI machine (at 20000 values the two were within the noise, and the pack test's bar flaked).
    await page.getByLabel('Case 2 size').fill('300000')
    await page.getByLabel('maxRounds').fill('5')
    await page.getByLabel('targetSpread').fill('0.5')
    await page.getByLabel('budgetMs').fill('3000')
    // The quadratic wrong solution is to end TimeLimit: at 1 s of CPU, not 2 s, in each pack test.
    await page.getByLabel('cpuMs').fill('1000')
    await page.getByLabel('minBaselineSpeedup').fill('1')
    await page.getByLabel('resultMb').fill('64')
    await page.getByRole('button', { name: 'Apply to challenge.yaml' }).click()
    await expect
      .poll(async () => {
        const draft = await data<{ files: Record<string, string> }>(
          teacher.api.query('authoring.get', { packId: PACK }),
        )
        return draft.files[`${SLUG}/challenge.yaml`] ?? ''
      })
      .toMatch(/title: "Add them up"[\s\S]*xp: 30[\s\S]*cpuMs: 1000[\s\S]*resultMb: 64[\s\S]*size: 300000/)
    await shot(page, '02-metadata-form', '.metadata-form h3')

    // The statement, with the preview learners will see, in English and Korean.
    await page.getByRole('tab', { name: 'Statement' }).click()
    const source = page.locator('.statement-editor textarea')
    await source.fill(
      '# Add them up\n\nReturn the sum of `values`: $\\sum_i v_i$.\n\n- empty arrays sum to 0\n',
    )
    await page.locator('.statement-editor__preview h1', { hasText: 'Add them up' }).waitFor()
    await page.locator('.statement-editor__preview .katex').first().waitFor()
    await page.getByRole('tab', { name: '한국어 (README.ko.md)' }).click()
    await source.fill('# 모두 더하기\n\n`values`의 합을 반환하세요.\n')
    await page.locator('.statement-editor__preview h1', { hasText: '모두 더하기' }).waitFor()
    await shot(page, '03-statement-preview')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await page.getByText('Saved on the server').waitFor()

    // The files in Monaco.
    await page.getByRole('tab', { name: 'reference.ts' }).click()
    await page.locator('.monaco-editor .view-lines', { hasText: 'four independent sums' }).waitFor()
    await shot(page, '04-reference-in-monaco')

    // Test pack on the runner, live; then publish version 1 to the group.
    await testAndPublish(page, 1, { live: '05-pack-test-live', done: '06-pack-test-done' })
    // What was published is what the form and editors saved. In CI's whole-suite runs the list once
    // stayed without the version after "Published as version 1." (never alone, never reproduced):
    // what the page showed is kept, and a reload (what a person would do) must show it.
    const published = page.locator('.version-list').getByRole('link', { name: 'Add them up' })
    try {
      await published.waitFor({ timeout: 45_000 })
    } catch {
      await shot(page, '07-published-list-missing')
      const panel = await page.locator('section[aria-labelledby=publish-heading]').textContent()
      console.warn(`after publishing, the publish panel read: ${panel}`)
      await page.reload()
      await published.waitFor({ timeout: 60_000 })
    }
    await shot(page, '07-published-v1', '#publish-heading')

    // The member finds it on the course map and solves it (the real grader, through the queue).
    await member.page.reload()
    await member.page.getByText('Add them up').first().waitFor()
    // The map says where the challenge comes from: the member's group, which published it.
    expect(await member.page.getByTestId('from-group').first().textContent()).toBe(
      'From your group Week one class',
    )
    await shot(member.page, '07b-member-map-from-group', '[data-testid=from-group]')
    await member.page.goto(`/c/${CHALLENGE}`)
    await member.page.locator('.monaco-editor .view-lines').waitFor()
    const solution =
      'export function solve(values: Float64Array): number {\n  let sum = 0\n  for (let i = 0; i < values.length; i++) sum += values[i]!\n  return sum\n}\n'
    await pasteIntoEditor(member.page, solution)
    await member.page.getByTestId('submit').click()
    // Graded while the instructor edits the tests (the page shows it when the runner is done).
    const acceptedV1 = member.page
      .locator('[data-testid=verdict] [data-verdict=Accepted]')
      .waitFor({ timeout: 180_000 })
    acceptedV1.catch(() => undefined) // awaited below; a rejection meanwhile is not unhandled

    // The instructor edits the tests: one more hidden case. Version 2 after a passing test.
    await page.getByRole('tab', { name: 'tests.ts' }).click()
    await page.locator('.monaco-editor .view-lines', { hasText: 'defineTests' }).waitFor()
    const draft = await data<{ files: Record<string, string> }>(
      teacher.api.query('authoring.get', { packId: PACK }),
    )
    const tests = draft.files[`${SLUG}/tests.ts`] ?? ''
    const edited = tests.replace(
      "{ name: 'ten thousand', seed: 1, size: 10_000 },",
      "{ name: 'ten thousand', seed: 1, size: 10_000 },\n    { name: 'all negative', input: Float64Array.of(-1, -2, -3.5) },",
    )
    expect(edited).not.toBe(tests)
    await pasteIntoEditor(page, edited)
    await page.getByText('Unsaved changes').waitFor()
    await page.keyboard.press('ControlOrMeta+S')
    await page.getByText('Saved on the server').waitFor()
    await expect
      .poll(async () => {
        const saved = await data<{ files: Record<string, string> }>(
          teacher.api.query('authoring.get', { packId: PACK }),
        )
        return saved.files[`${SLUG}/tests.ts`]
      })
      .toContain("name: 'all negative'")
    await acceptedV1
    await shot(member.page, '08-member-accepted-v1')
    await testAndPublish(page, 2, { live: '09-pack-test-v2-live', done: '10-pack-test-v2-done' })

    // Re-grade: the member's accepted submission is graded again on version 2.
    const current = page.locator('.version-list__item', { hasText: 'Version 2' })
    await current.getByText('current').waitFor()
    await current.getByRole('button', { name: 'Re-grade accepted submissions' }).click()
    await page.getByText('1 of 1 graded · 1 accepted').waitFor({ timeout: 180_000 })
    await shot(page, '11-regraded', '.version-list')

    // The member's history keeps the version-1 result and shows the re-grade on version 2.
    const list = await data<
      { id: number; mode: string; verdict: string; packVersion: string; regradeOf: number | null }[]
    >(member.api.query('submission.list', { challengeId: CHALLENGE }))
    const full = list.filter((each) => each.mode === 'full')
    expect(full.map((each) => [each.packVersion, each.verdict])).toEqual([
      ['2', 'Accepted'],
      ['1', 'Accepted'],
    ])
    expect(full[0]?.regradeOf).toBe(full[1]?.id)
    await member.page.goto(`/c/${CHALLENGE}/history`)
    const regraded = member.page.getByTestId(`history-row-${full[0]?.id}`)
    await regraded.waitFor()
    expect(await regraded.textContent()).toContain(`v2 · re-grade of #${full[1]?.id}`)
    expect(await member.page.getByTestId(`history-row-${full[1]?.id}`).textContent()).toContain('v1')
    await shot(member.page, '12-member-history')

    // The challenge board says which version it ranks.
    const board = await data<{ packVersion: number; rows: { username: string }[] }>(
      member.api.query('leaderboard.challenge', { challengeId: CHALLENGE }),
    )
    expect(board.packVersion).toBe(2)
    expect(board.rows.map((row) => row.username)).toEqual(['mina_cho'])

    // In the browser: the board of the current version, and the older version's board kept as it was.
    await member.page.goto('/leaderboards?tab=challenge')
    const controls = member.page.locator('.board-controls select')
    await controls.first().selectOption({ label: 'Add them up' })
    await member.page.getByText(/^Pack version 2 ·/).waitFor()
    await controls.nth(1).selectOption({ label: 'v1' })
    await member.page.getByText(/^Pack version 1 ·/).waitFor()
    await expect
      .poll(() =>
        member.page.locator('.board-table tbody tr[aria-current] .board-table__name').allTextContents(),
      )
      .toEqual(['mina_cho'])
    // One row: the learner's (a noisy mark may stand beside the name on a busy machine).
    expect(await member.page.locator('.board-table tbody tr').count()).toBe(1)
    await shot(member.page, '12b-board-version-1')

    // Someone outside the group does not see the pack at all.
    const stranger = new ApiClient(server!.url)
    await stranger.signup('outsider', PASSWORD)
    expect((await stranger.query('challenge.get', { id: CHALLENGE })).ok).toBe(false)

    // The editor in Korean.
    await page.getByRole('button', { name: '한국어' }).click()
    await page.getByRole('heading', { name: '팩 테스트' }).waitFor()
    await shot(page, '13-editor-ko', '.pack-test')

    // Phones (issue 19.1): neither the pack list nor the pack editor scrolls sideways at 390 px.
    await page.getByRole('button', { name: 'English' }).click()
    await page.setViewportSize({ width: 390, height: 844 })
    expect(await horizontalOverflow(page), 'the pack editor at 390 px').toBe(null)
    await shot(page, '14-editor-phone')
    // Issue 19.14: no serious or critical WCAG 2.1 AA violation (axe-core), Monaco's frame included.
    const violations = await seriousA11yViolations(page)
    expect(violations, `the pack editor at 390 px:\n${describeViolations(violations)}`).toEqual([])
    await page.goto('/authoring')
    await page.locator('h1').first().waitFor()
    expect(await horizontalOverflow(page), 'the pack list at 390 px').toBe(null)
  } finally {
    await teacher.context.close()
    await member.context.close()
  }
  expect(problems).toEqual([])
}, 600_000)
