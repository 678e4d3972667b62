// Every page of the web app (apps/web/src/appRoutes.ts, the list App.tsx builds its router from), each
// loaded once on seeded data and checked as it stands in the light and the dark theme, at desktop
// (1280 px) and phone (390 px) width: no serious or critical WCAG 2.1 AA violation (axe-core, issue
// 19.14), and at 390 px no sideways scroll (issue 19.1). A pattern without a URL below fails the test,
// so a new page cannot go unchecked. Screenshots land in tests/e2e/artifacts/every-page/.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ApiClient } from '../../apps/server/src/testing/ApiClient.ts'
import { submitGraded } from '../../apps/server/src/testing/fakeRunner.ts'
import { APP_ROUTES, type RoutePattern } from '../../apps/web/src/appRoutes.ts'
import { describeViolations, seriousA11yViolations } from '../helpers/axe.ts'
import { startE2eStack, stopE2eStack } from '../helpers/e2eStack.ts'
import { horizontalOverflow } from '../helpers/pageChecks.ts'
import type { ServerProcess } from '../helpers/serverProcess.ts'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const ARTIFACTS = path.join(REPO_ROOT, 'tests/e2e/artifacts/every-page')
const CHALLENGE = 'fixture/sum-array'
const PACK = 'every-page'
const PASSWORD = 'correct horse battery'
const DESKTOP = { width: 1280, height: 900 }
const PHONE = { width: 390, height: 844 }

// What the page functions below use (this file compiles without the DOM library).
declare const document: {
  documentElement: { dataset: Record<string, string | undefined> }
  querySelector(selector: string): unknown
  getAnimations(): { constructor: { name: string }; playState: string }[]
}
declare function requestAnimationFrame(callback: () => void): void

let dir: string
let server: ServerProcess | undefined
let browser: Browser | undefined

beforeAll(async () => {
  ;({ dir, server, browser } = await startE2eStack({
    artifacts: ARTIFACTS,
    dirPrefix: 'arena-e2e-every-page-',
    runners: 0,
  }))
}, 180_000)

afterAll(() => stopE2eStack({ dir, server, browser }))

/** Who opens a page: a visitor, the admin who made the seeded data, or a learner who got an invite. */
type Who = 'visitor' | 'admin' | 'learner'

interface Visit {
  url: string
  who: Who
  /** What shows once the page has its content (beyond its heading and no spinner). */
  ready: string
}

/** Signs `username` up through the API, with `role` written as setRole.ts would; answers the client. */
async function account(username: string, role?: 'admin'): Promise<ApiClient> {
  const api = new ApiClient(server!.url)
  const signed = await api.signup(username, PASSWORD)
  if (!signed.ok) throw new Error(`signup ${username}: ${signed.error.message}`)
  if (role) {
    const db = new Database(path.join(dir, 'arena.sqlite'))
    db.pragma('busy_timeout = 10000')
    db.prepare('UPDATE users SET role = ? WHERE username = ?').run(role, username)
    db.close()
  }
  return api
}

async function data<T>(result: Promise<{ ok: true; data: T } | { ok: false; error: { message: string } }>) {
  const answer = await result
  if (!answer.ok) throw new Error(answer.error.message)
  return answer.data
}

/**
 * What every page needs, made through the API: a graded Accepted submission (solutions open), a
 * discussion thread, a group with the challenge assigned and its invite code, a pack draft; the
 * admin owns all of it. Answers a URL for every route pattern, and the clients whose sessions the
 * browser takes over.
 */
async function seed(): Promise<{
  visits: Partial<Record<RoutePattern, Visit>>
  apis: Record<Who, ApiClient>
}> {
  const admin = await account('ada_every_page', 'admin')
  const learner = await account('bo_every_page')
  const submissionId = await submitGraded(admin, path.join(dir, 'arena.sqlite'), CHALLENGE, {
    verdict: 'Accepted',
    tier: 'gold',
    score: 1.4,
  })
  // Shared, so the Solutions page has a ranking to show.
  await data(admin.mutation('submission.share', { id: submissionId, shared: true }))
  const thread = await data<{ id: number }>(
    admin.mutation('discussion.create', {
      challengeId: CHALLENGE,
      title: 'Is one pass enough?',
      body: 'My loop reads the array **twice**. Why?',
      spoiler: false,
    }),
  )
  const group = await data<{ id: number; inviteCode: string }>(
    admin.mutation('group.create', { name: 'Every page class' }),
  )
  await data(admin.mutation('group.assign', { groupId: group.id, challengeId: CHALLENGE }))
  await data(admin.mutation('authoring.create', { packId: PACK }))
  const c = `/c/${CHALLENGE}`
  const visits: Partial<Record<RoutePattern, Visit>> = {
    '/': { url: '/', who: 'visitor', ready: '.landing' },
    '/login': { url: '/login', who: 'visitor', ready: 'form button[type=submit]' },
    '/signup': { url: '/signup', who: 'visitor', ready: 'form button[type=submit]' },
    '*': { url: '/no-such-page', who: 'visitor', ready: '.empty-state' },
    '/c/:pack/:slug': { url: c, who: 'admin', ready: '.monaco-editor .view-lines' },
    '/c/:pack/:slug/history': { url: `${c}/history`, who: 'admin', ready: '[data-testid=history-table]' },
    '/c/:pack/:slug/solutions': { url: `${c}/solutions`, who: 'admin', ready: '[data-testid=editorial]' },
    '/c/:pack/:slug/discuss': { url: `${c}/discuss`, who: 'admin', ready: '[data-testid=threads]' },
    '/c/:pack/:slug/discuss/:threadId': {
      url: `${c}/discuss/${thread.id}`,
      who: 'admin',
      ready: '[data-testid=posts]',
    },
    '/submissions/:id': {
      url: `/submissions/${submissionId}`,
      who: 'admin',
      ready: '[data-testid=perf-time-chart][data-ready=true] svg',
    },
    '/profile': { url: '/profile', who: 'admin', ready: '.page__header h1' },
    '/leaderboards': { url: '/leaderboards', who: 'admin', ready: '.board-table' },
    '/groups': { url: '/groups', who: 'admin', ready: '.page__header h1' },
    // The invite link joins and opens the group: the learner's view of it.
    '/groups/join/:code': {
      url: `/groups/join/${group.inviteCode}`,
      who: 'learner',
      ready: '.assignment-list',
    },
    '/groups/:id': { url: `/groups/${group.id}`, who: 'admin', ready: '.matrix' },
    '/authoring': { url: '/authoring', who: 'admin', ready: `a[href="/authoring/${PACK}"]` },
    '/authoring/:packId': { url: `/authoring/${PACK}`, who: 'admin', ready: '.authoring__files' },
    '/admin/runners': { url: '/admin/runners', who: 'admin', ready: '[data-testid=runner-classes]' },
  }
  return { visits, apis: { visitor: new ApiClient(server!.url), admin, learner } }
}

/** A browser context holding the API client's session (its cookies), so no page logs in. */
async function contextOf(api: ApiClient): Promise<BrowserContext> {
  const context = await browser!.newContext({ baseURL: server!.url, viewport: DESKTOP, colorScheme: 'light' })
  await context.addCookies([...api.cookies].map(([name, value]) => ({ name, value, url: server!.url })))
  return context
}

/** Once the page holds still: no spinner, no CSS transition running (a theme's colours fade in), a frame drawn. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelector('.spinner-row') === null &&
      document
        .getAnimations()
        .every(
          (animation) => animation.constructor.name !== 'CSSTransition' || animation.playState !== 'running',
        ),
    undefined,
    { polling: 100 },
  )
  await page.evaluate(
    () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  )
}

/** Sets the system's colour scheme (the app follows it unless told otherwise) and waits for the page to. */
async function theme(page: Page, scheme: 'light' | 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme: scheme })
  await page.waitForFunction((wanted) => document.documentElement.dataset.theme === wanted, scheme)
  await settled(page)
}

async function expectAccessible(page: Page, what: string): Promise<void> {
  const violations = await seriousA11yViolations(page)
  expect.soft(violations, `${what}:\n${describeViolations(violations)}`).toEqual([])
}

/** The four checks of one page: light then dark, desktop then phone; one screenshot per width. */
async function checkPage(page: Page, pattern: RoutePattern, visit: Visit): Promise<void> {
  const name =
    (pattern === '*' ? 'not-found' : pattern.replace(/[/:]+/g, '-').replace(/^-|-$/g, '')) || 'home'
  await page.emulateMedia({ colorScheme: 'light' })
  await page.setViewportSize(DESKTOP)
  await page.goto(visit.url)
  await page.locator('h1').first().waitFor()
  await page.locator(visit.ready).first().waitFor()
  await settled(page)
  const at = (scheme: string, width: number) =>
    `${visit.url} (${pattern}) as ${visit.who}, ${scheme}, ${width} px`

  await expectAccessible(page, at('light', DESKTOP.width))
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}-desktop.png`), fullPage: true })
  await page.setViewportSize(PHONE)
  await settled(page)
  expect.soft(await horizontalOverflow(page), at('light', PHONE.width)).toBe(null)
  await expectAccessible(page, at('light', PHONE.width))

  await theme(page, 'dark')
  expect.soft(await horizontalOverflow(page), at('dark', PHONE.width)).toBe(null)
  await expectAccessible(page, at('dark', PHONE.width))
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}-phone-dark.png`), fullPage: true })
  await page.setViewportSize(DESKTOP)
  await settled(page)
  await expectAccessible(page, at('dark', DESKTOP.width))
}

it('every page, light and dark, desktop and phone: no serious axe violation, no sideways scroll at 390 px', async () => {
  const { visits, apis } = await seed()
  const missing = APP_ROUTES.filter((pattern) => !visits[pattern])
  expect(missing, 'route patterns with no URL to check here: add one to seed()').toEqual([])

  const problems: string[] = []
  const pages = new Map<Who, Page>()
  const contexts: BrowserContext[] = []
  try {
    for (const pattern of APP_ROUTES) {
      const visit = visits[pattern]!
      let page = pages.get(visit.who)
      if (!page) {
        const context = await contextOf(apis[visit.who])
        contexts.push(context)
        page = await context.newPage()
        page.on('pageerror', (error) => problems.push(`${visit.url}: pageerror: ${error.message}`))
        pages.set(visit.who, page)
      }
      await checkPage(page, pattern, visit)
    }
  } finally {
    await Promise.all(contexts.map((context) => context.close()))
  }
  expect(problems).toEqual([])
}, 300_000)
