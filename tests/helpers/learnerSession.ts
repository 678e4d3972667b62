// What a browser test does as a learner: signs up through the page, submits the way the page's tRPC
// client does, and runs its steps in a fresh page whose errors fail the test. Plain throws, no vitest:
// the benchmarks use these too.
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import type { ApiClient } from '../../apps/server/src/testing/ApiClient.ts'
import { apiSessionContext } from './apiSessionContext.ts'

/** Signs up a fresh learner (`<prefix>_<time>`) through the page and waits for the course path. */
export async function signUp(page: Page, prefix: string): Promise<void> {
  await page.goto('/signup')
  await page.getByLabel('Username').fill(`${prefix}_${Date.now().toString(36)}`)
  await page.getByLabel('Password').fill('correct horse battery')
  await page.getByRole('button', { name: 'Create account' }).click()
  await page.locator('.course-path').waitFor()
}

/** Submits `source` in full mode as the page does (tRPC, the session cookie, CSRF); answers the id. */
export async function submitSource(page: Page, challengeId: string, source: string): Promise<number> {
  // The double-submit CSRF cookie the server set, echoed the way the page's tRPC client does.
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'arena_csrf')?.value ?? ''
  const origin = new URL(page.url()).origin
  const response = await page.request.post('/trpc/submission.create', {
    data: { challengeId, source, mode: 'full' },
    headers: { origin, 'x-csrf-token': csrf },
  })
  if (response.status() !== 200)
    throw new Error(`submission.create: ${response.status()} ${await response.text()}`)
  return ((await response.json()) as { result: { data: { id: number } } }).result.data.id
}

/**
 * Runs `steps` in a new browser context at desktop width (signed in as `api`'s user when given): a
 * failure leaves `failure.png` of what the page showed in `artifacts`, and an error the page threw
 * fails the test after the steps.
 */
export async function inNewPage(
  browser: Browser,
  options: { baseURL: string; artifacts: string; api?: ApiClient },
  steps: (page: Page) => Promise<void>,
): Promise<void> {
  const contextOptions = { baseURL: options.baseURL, viewport: { width: 1440, height: 900 } }
  const context = options.api
    ? await apiSessionContext(browser, options.api, contextOptions)
    : await browser.newContext(contextOptions)
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  try {
    await steps(page)
  } catch (error) {
    await page
      .screenshot({ path: path.join(options.artifacts, 'failure.png'), fullPage: true })
      .catch(() => undefined)
    throw error
  } finally {
    await context.close()
  }
  if (problems.length > 0) throw new Error(`the page threw:\n${problems.join('\n')}`)
}
