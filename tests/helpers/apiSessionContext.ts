// A browser context that is already signed in as the API client's user: its session cookies handed to
// the browser. A flow whose subject is not the login form (every-page, groups, authoring) starts on
// the page it is about instead of loading /login, checking the password a second time and rendering
// the course map first (~3-5 s a person on the loaded 2-core machine). The login form itself is driven
// by after-solve-flow, unsaved-work and fleet-runners-page; learner-flow signs up through the page.
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core'
import type { ApiClient } from '../../apps/server/src/testing/ApiClient.ts'

export async function apiSessionContext(
  browser: Browser,
  api: ApiClient,
  options: BrowserContextOptions & { baseURL: string },
): Promise<BrowserContext> {
  const context = await browser.newContext(options)
  await context.addCookies([...api.cookies].map(([name, value]) => ({ name, value, url: options.baseURL })))
  return context
}
