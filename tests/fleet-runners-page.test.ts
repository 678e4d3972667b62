// The admins' runners page in headless Chromium against `npm start` as it is: the embedded queue, one
// CPU runner child and the GPU runner child the server starts on its own when the machine has a GPU
// adapter (here Dawn on SwiftShader). Both report in; a learner has no such page. Screenshots land in
// tests/e2e/artifacts/runners-page/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ApiClient } from '../apps/server/src/testing/ApiClient.ts'
import { apiSessionContext } from './helpers/apiSessionContext.ts'
import { describeViolations, seriousA11yViolations } from './helpers/axe.ts'
import { grantRole } from './helpers/grantRole.ts'
import { launchChromium } from './helpers/launchChromium.ts'
import { horizontalOverflow } from './helpers/pageChecks.ts'
import { type ServerProcess, startServerProcess } from './helpers/serverProcess.ts'
import { ensureWebBuild } from './helpers/webBuild.ts'

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url))
const ARTIFACTS = path.join(REPO_ROOT, 'tests/e2e/artifacts/runners-page')
const PASSWORD = 'correct horse battery'

let dir: string
let server: ServerProcess | undefined
let browser: Browser | undefined
const problems: string[] = []

beforeAll(async () => {
  await ensureWebBuild()
  mkdirSync(ARTIFACTS, { recursive: true })
  dir = mkdtempSync(path.join(tmpdir(), 'arena-e2e-runners-'))
  delete process.env.ARENA_GPU_RUNNERS // the default: auto
  delete process.env.REDIS_URL
  // Side by side: Chromium starts while the server imports its packs.
  const [started, launched] = await Promise.allSettled([
    startServerProcess({ dir, runners: 1, leaseMs: 3000 }),
    launchChromium(),
  ])
  if (started.status === 'fulfilled') server = started.value
  if (launched.status === 'fulfilled') browser = launched.value
  if (started.status === 'rejected') throw started.reason
  if (launched.status === 'rejected') throw launched.reason
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/**
 * Signed up through the API. The admin logs in through the login page (then on the course map); the
 * learner's browser context takes the API client's session and opens nothing yet.
 */
async function signedIn(username: string, role?: 'admin'): Promise<Page> {
  const api = new ApiClient(server!.url)
  await api.signup(username, PASSWORD)
  if (role) grantRole(path.join(dir, 'arena.sqlite'), username, role)
  const options = { baseURL: server!.url, viewport: { width: 1280, height: 900 } }
  const context = role ? await browser!.newContext(options) : await apiSessionContext(browser!, api, options)
  const page = await context.newPage()
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  if (!role) return page
  await page.goto('/login')
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.locator('.course-path').waitFor()
  return page
}

it('shows admins every runner with its class, state and jobs, in English and Korean', async () => {
  const learner = await signedIn('learner_runners')
  await learner.goto('/admin/runners')
  await learner.getByText('The runners page is for admins.').waitFor()
  // The header, drawn for the signed-in learner, offers no link to it.
  await learner.getByRole('link', { name: 'Groups' }).waitFor()
  expect(await learner.getByRole('link', { name: 'Runners' }).count()).toBe(0)

  const admin = await signedIn('admin_runners', 'admin')
  await admin.getByRole('link', { name: 'Runners' }).click()
  await admin.getByRole('heading', { name: 'Runners', level: 1 }).waitFor()
  const list = admin.getByTestId('runner-list')
  // The page refreshes itself: both children report in within a few beats.
  const cpuRow = list.getByRole('row').filter({ hasText: 'runner-0' }).filter({ hasNotText: 'gpu' })
  const gpuRow = list.getByRole('row').filter({ hasText: 'gpu-runner-0' })
  await cpuRow.waitFor({ timeout: 60_000 })
  await gpuRow.waitFor({ timeout: 60_000 })
  await expect.poll(() => cpuRow.textContent()).toMatch(/cpu.*Idle.*—.*0/)
  await expect.poll(() => gpuRow.textContent()).toMatch(/gpu:swiftshader.*Idle/)
  const classes = admin.getByTestId('runner-classes')
  // gpu jobs: none queued, and one runner online that takes them.
  const gpuClass = classes.getByRole('row').filter({ has: admin.locator('code', { hasText: /^gpu$/ }) })
  await expect.poll(() => gpuClass.locator('td').allTextContents()).toEqual(['gpu', '0', '0', '0', '1'])
  await admin.screenshot({ path: path.join(ARTIFACTS, '01-runners-en.png'), fullPage: true })

  await admin.getByRole('button', { name: '한국어' }).click()
  await admin.getByRole('heading', { name: '채점기', level: 1 }).waitFor()
  await expect.poll(() => gpuRow.textContent()).toMatch(/대기 중/)
  await admin.screenshot({ path: path.join(ARTIFACTS, '02-runners-ko.png'), fullPage: true })

  // Phones and accessibility (issues 19.1, 19.14): at 390 px the tables scroll inside their cards, not
  // the page; no serious or critical WCAG 2.1 AA violation, in the light theme and the dark one.
  await admin.getByRole('button', { name: 'English' }).click()
  await admin.getByRole('heading', { name: 'Runners', level: 1 }).waitFor()
  await admin.setViewportSize({ width: 390, height: 844 })
  // horizontalOverflow waits for the tables to follow the new width itself.
  expect(await horizontalOverflow(admin), 'the runners page at 390 px').toBe(null)
  const light = await seriousA11yViolations(admin)
  expect(light, `the runners page, light:\n${describeViolations(light)}`).toEqual([])
  // The theme switch is in the header at desktop width (in the menu on a phone).
  await admin.setViewportSize({ width: 1280, height: 900 })
  const themeSwitch = admin.getByTestId('theme-switch')
  while ((await themeSwitch.getAttribute('data-choice')) !== 'dark') await themeSwitch.click()
  await admin.setViewportSize({ width: 390, height: 844 })
  await admin.waitForTimeout(300)
  await admin.screenshot({ path: path.join(ARTIFACTS, '03-runners-dark-phone.png'), fullPage: true })
  const dark = await seriousA11yViolations(admin)
  expect(dark, `the runners page, dark:\n${describeViolations(dark)}`).toEqual([])
  expect(problems).toEqual([])
}, 240_000)
