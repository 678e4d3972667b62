import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ApiClient } from '../../apps/server/src/testing/ApiClient.ts'
import { startE2eStack, stopE2eStack } from '../helpers/e2eStack.ts'
import { grantRole } from '../helpers/grantRole.ts'
import type { ServerProcess } from '../helpers/serverProcess.ts'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const ARTIFACTS = path.join(REPO_ROOT, 'tests/e2e/artifacts/unsaved-work')
const PASSWORD = 'correct horse battery'
const PACK = 'guarded-pack'

// What the page-side callbacks use (this file compiles without the DOM library).
declare const document: { activeElement: unknown; documentElement: { dataset: Record<string, string> } }
declare const window: { dispatchEvent(event: Event): boolean }

let dir: string
let server: ServerProcess | undefined
let browser: Browser | undefined
const problems: string[] = []

beforeAll(async () => {
  ;({ dir, server, browser } = await startE2eStack({
    artifacts: ARTIFACTS,
    dirPrefix: 'arena-e2e-unsaved-',
    runners: 0,
  }))
}, 180_000)

afterAll(() => stopE2eStack({ dir, server, browser }))

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: false })

/** Whether a beforeunload now would be cancelled (the browser then asks before closing the tab). */
const blocksUnload = (page: Page) =>
  page.evaluate(() => !window.dispatchEvent(new Event('beforeunload', { cancelable: true })))

it('the pack editor asks before unsaved edits are lost, and not once they are saved', async () => {
  const api = new ApiClient(server!.url)
  await api.signup('prof_lim', PASSWORD)
  grantRole(path.join(dir, 'arena.sqlite'), 'prof_lim', 'instructor')
  expect(await api.mutation('authoring.create', { packId: PACK })).toMatchObject({ ok: true })

  const context = await browser!.newContext({ baseURL: server!.url, viewport: { width: 1440, height: 900 } })
  const page = await context.newPage()
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  try {
    await page.goto('/login')
    await page.getByLabel('Username').fill('prof_lim')
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.locator('.course-path').waitFor()
    await page.goto(`/authoring/${PACK}`)
    await page.getByRole('heading', { name: PACK }).waitFor()
    expect(await blocksUnload(page)).toBe(false)

    // An unsaved statement edit.
    await page.getByRole('tab', { name: 'Statement' }).first().click()
    const source = page.locator('.statement-editor textarea')
    await source.fill('# Guarded\n\nThis edit is not saved yet.\n')
    await page.getByText('Unsaved changes').first().waitFor()
    expect(await blocksUnload(page)).toBe(true)

    // A link out asks; Esc stays, with the edit, and focus back on the link.
    const back = page.locator('.breadcrumbs').getByRole('link', { name: 'Authoring' })
    const dialog = page.getByRole('dialog')
    await back.click()
    await dialog.getByRole('heading', { name: 'Leave with unsaved changes?' }).waitFor()
    await shot(page, '01-leave-unsaved-1440')
    await page.evaluate(() => {
      document.documentElement.dataset.theme = 'dark'
    })
    await shot(page, '02-leave-unsaved-1440-dark')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(new URL(page.url()).pathname).toBe(`/authoring/${PACK}`)
    expect(await source.inputValue()).toContain('This edit is not saved yet.')
    expect(await back.evaluate((link) => link === document.activeElement)).toBe(true)

    // On a phone too; Cancel stays.
    await page.setViewportSize({ width: 390, height: 844 })
    await back.click()
    await dialog.getByRole('button', { name: 'Cancel' }).waitFor()
    await shot(page, '03-leave-unsaved-390-dark')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(new URL(page.url()).pathname).toBe(`/authoring/${PACK}`)
    await page.evaluate(() => {
      document.documentElement.dataset.theme = 'light'
    })
    await page.setViewportSize({ width: 1440, height: 900 })

    // Once saved, leaving says nothing.
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await page.getByText('Saved on the server').waitFor()
    expect(await blocksUnload(page)).toBe(false)
    await back.click()
    await page.waitForURL('**/authoring')
    expect(await dialog.count()).toBe(0)

    // Another unsaved edit, and "Leave without saving" leaves: the saved text is what remains.
    await page.goto(`/authoring/${PACK}`)
    await page.getByRole('tab', { name: 'Statement' }).first().click()
    await source.fill('# Thrown away\n')
    await page.getByText('Unsaved changes').first().waitFor()
    await back.click()
    await dialog.getByRole('button', { name: 'Leave without saving' }).click()
    await page.waitForURL('**/authoring')
    await page.goto(`/authoring/${PACK}`)
    await page.getByRole('tab', { name: 'Statement' }).first().click()
    expect(await source.inputValue()).toContain('This edit is not saved yet.')

    // Discarding the metadata form's edits asks; Cancel keeps them, Discard restores the file's.
    await page.getByRole('tab', { name: 'Metadata' }).first().click()
    const title = page.getByLabel('Title', { exact: true })
    const saved = await title.inputValue()
    await title.fill('A title not applied')
    await page.getByRole('button', { name: 'Undo changes' }).click()
    await dialog.getByRole('heading', { name: 'Discard your changes to the form?' }).waitFor()
    await shot(page, '04-discard-metadata')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    expect(await title.inputValue()).toBe('A title not applied')
    await page.getByRole('button', { name: 'Undo changes' }).click()
    await dialog.getByRole('button', { name: 'Discard' }).click()
    expect(await title.inputValue()).toBe(saved)
  } finally {
    await context.close()
  }
  expect(problems).toEqual([])
}, 180_000)

it('a tab opened before a deploy reloads onto the new build when its code-split chunk is gone', async () => {
  const context = await browser!.newContext({ baseURL: server!.url, viewport: { width: 1440, height: 900 } })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  try {
    // A visitor's map of the course, loaded from the build of before the deploy ...
    await page.goto('/')
    await page.locator('main a[href^="/c/"]').first().waitFor()
    // ... whose challenge page chunk the server no longer has (a new build renamed it): 404 until the
    // page loads again (the new build's index would name the new chunk; here the same one serves).
    let refused = 0
    let loads = 0
    page.on('load', () => loads++)
    await page.route('**/assets/ChallengePage-*.js', (route) => {
      if (loads > 0) return route.continue()
      refused++
      return route.fulfill({ status: 404, body: 'Not Found' })
    })
    await page.locator('main a[href^="/c/"]').first().click()
    // The page reloads itself once and opens the challenge, instead of a page with no editor.
    await page.locator('.monaco-editor .view-lines').waitFor({ timeout: 60_000 })
    expect(refused).toBeGreaterThan(0)
    expect(loads).toBe(1)
    expect(errors).toEqual([])
  } finally {
    await context.close()
  }
}, 120_000)
