// Every page of the web app (apps/web/src/appRoutes.ts, the list App.tsx builds its router from), each
// loaded once on seeded data and checked as it stands in the light and the dark theme, at desktop
// (1280 px) and phone (390 px) width: no serious or critical WCAG 2.1 AA violation (axe-core, issue
// 19.14), and at 390 px no sideways scroll (issue 19.1). A pattern without a URL below fails the test,
// so a new page cannot go unchecked. Screenshots land in tests/e2e/artifacts/every-page/.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ApiClient } from '../../apps/server/src/testing/ApiClient.ts'
import { submitGraded } from '../../apps/server/src/testing/fakeRunner.ts'
import { APP_ROUTES, type RoutePattern } from '../../apps/web/src/appRoutes.ts'
import { apiSessionContext } from '../helpers/apiSessionContext.ts'
import { describeViolations, seriousA11yViolations } from '../helpers/axe.ts'
import { startE2eStack, stopE2eStack } from '../helpers/e2eStack.ts'
import { grantRole } from '../helpers/grantRole.ts'
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
declare const history: { pushState(state: unknown, unused: string, url: string): void }
declare function dispatchEvent(event: unknown): void
declare class PopStateEvent {
  constructor(type: string, init: { state: unknown })
}

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

// What the server sends is React's production build: the suite once built the app under vitest's
// NODE_ENV=test and ran every page on React's development bundles (buildWeb.ts productionBuildEnv).
it('serves the production build of the app', async () => {
  const html = await (await fetch(server!.url)).text()
  const scripts = [...html.matchAll(/src="(\/assets\/[^"]+\.js)"/g)].map((match) => match[1] as string)
  expect(scripts.length).toBeGreaterThan(0)
  for (const script of scripts) {
    const code = await (await fetch(new URL(script, server!.url))).text()
    // React 19's development bundles name their stack frames so; its production ones do not.
    expect(
      /react-stack-top-frame|react_stack_bottom_frame/.test(code),
      `${script} is a development build`,
    ).toBe(false)
  }
})

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
  if (role) grantRole(path.join(dir, 'arena.sqlite'), username, role)
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
  visits: Partial<Record<RoutePattern, Visit | Visit[]>>
  apis: Record<Who, ApiClient>
}> {
  const admin = await account('ada_every_page', 'admin')
  const learner = await account('bo_every_page')
  // Two submissions: the history page compares them (Monaco's diff view).
  await submitGraded(admin, path.join(dir, 'arena.sqlite'), CHALLENGE, { verdict: 'WrongAnswer' })
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
  const visits: Partial<Record<RoutePattern, Visit | Visit[]>> = {
    // The landing page for a visitor, the course map once signed in.
    '/': [
      { url: '/', who: 'visitor', ready: '.landing' },
      { url: '/', who: 'admin', ready: '.course-path' },
    ],
    '/login': { url: '/login', who: 'visitor', ready: 'input[autocomplete=current-password]' },
    '/signup': { url: '/signup', who: 'visitor', ready: 'input[autocomplete=new-password]' },
    '*': { url: '/no-such-page', who: 'visitor', ready: '.empty-state h1' },
    // A visitor reads and runs it locally; a learner submits and sees the last result.
    '/c/:pack/:slug': [
      { url: c, who: 'visitor', ready: '.monaco-editor .view-lines' },
      { url: c, who: 'admin', ready: '.monaco-editor .view-lines' },
    ],
    '/c/:pack/:slug/history': {
      url: `${c}/history`,
      who: 'admin',
      ready: '.monaco-diff-editor .view-lines',
    },
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
    '/profile': { url: '/profile', who: 'admin', ready: '.profile' },
    '/leaderboards': { url: '/leaderboards', who: 'admin', ready: '.board-controls' },
    '/groups': { url: '/groups', who: 'admin', ready: '.group-list' },
    // The invite link joins and opens the group: the learner's view of it.
    // An invite link joins and opens the group (the learner's view of it); a code of no group stays
    // on the join page and says so.
    '/groups/join/:code': [
      { url: `/groups/join/${group.inviteCode}`, who: 'learner', ready: '.assignment-list' },
      { url: '/groups/join/ZZZZZZZZZZ', who: 'learner', ready: '.page--narrow .notice--error' },
    ],
    '/groups/:id': { url: `/groups/${group.id}`, who: 'admin', ready: '.matrix' },
    '/authoring': { url: '/authoring', who: 'admin', ready: `a[href="/authoring/${PACK}"]` },
    '/authoring/:packId': { url: `/authoring/${PACK}`, who: 'admin', ready: '.authoring__files' },
    '/admin/runners': { url: '/admin/runners', who: 'admin', ready: '[data-testid=runner-classes]' },
  }
  return { visits, apis: { visitor: new ApiClient(server!.url), admin, learner } }
}

/** The pattern a path opens, as the router matches it: a static segment beats a parameter. */
function routeOf(url: string): RoutePattern {
  const segments = new URL(url, 'http://x').pathname.split('/').filter(Boolean)
  const score = (pattern: string) => {
    const parts = pattern.split('/').filter(Boolean)
    if (parts.length !== segments.length) return -1
    let statics = 0
    for (const [index, part] of parts.entries()) {
      if (part.startsWith(':')) continue
      if (part !== segments[index]) return -1
      statics++
    }
    return statics
  }
  const ranked = APP_ROUTES.filter((pattern) => pattern !== '*' && score(pattern) >= 0).sort(
    (a, b) => score(b) - score(a),
  )
  return ranked[0] ?? '*'
}

/** A browser context holding the API client's session (its cookies), so no page logs in. */
function contextOf(api: ApiClient): Promise<BrowserContext> {
  return apiSessionContext(browser!, api, { baseURL: server!.url, viewport: DESKTOP, colorScheme: 'light' })
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
  const t0 = Date.now()
  const violations = await seriousA11yViolations(page)
  if (process.env.EVERY_PAGE_TIMES) console.log(`axe ${Date.now() - t0} ms ${what}`)
  expect.soft(violations, `${what}:\n${describeViolations(violations)}`).toEqual([])
}

/**
 * Opens the visit's URL in the tab: a full load the first time, then as the app's own links do (the
 * router follows the address, no reload), unless the page's ready mark is already on screen, which
 * would not tell the new page from the old.
 */
async function open(page: Page, visit: Visit): Promise<void> {
  if (page.url() === 'about:blank' || (await page.locator(visit.ready).count()) > 0) {
    await page.goto(visit.url)
    return
  }
  await page.evaluate((url) => {
    history.pushState(null, '', url)
    dispatchEvent(new PopStateEvent('popstate', { state: null }))
  }, visit.url)
}

/** The four checks of one page: light then dark, desktop then phone; one screenshot per width. */
async function checkPage(page: Page, pattern: RoutePattern, visit: Visit, nth: number): Promise<void> {
  const route = pattern === '*' ? 'not-found' : pattern.replace(/[/:]+/g, '-').replace(/^-|-$/g, '') || 'home'
  const name = `${route}-${visit.who}${nth > 0 ? `-${nth + 1}` : ''}`
  await page.emulateMedia({ colorScheme: 'light' })
  await page.setViewportSize(DESKTOP)
  await open(page, visit)
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
  const missing = APP_ROUTES.filter((pattern) => [visits[pattern] ?? []].flat().length === 0)
  expect(missing, 'route patterns with no URL to check here: add one to seed()').toEqual([])
  // Each URL is one its pattern matches (the not-found page's: one no other pattern matches).
  for (const pattern of APP_ROUTES)
    for (const { url } of [visits[pattern] ?? []].flat())
      expect(routeOf(url), `the route ${url} opens`).toBe(pattern)

  // One tab per person, pages in turn: side by side they only fight over this machine's two cores.
  const problems: string[] = []
  const pages = new Map<Who, Page>()
  const contexts: BrowserContext[] = []
  try {
    for (const [pattern, visit, nth] of APP_ROUTES.flatMap((pattern) =>
      [visits[pattern] ?? []]
        .flat()
        // nth: the same person's earlier visits of this pattern (the screenshots' names tell them apart).
        .map((visit, index, all) => {
          const nth = all.slice(0, index).filter((earlier) => earlier.who === visit.who).length
          return [pattern, visit, nth] as const
        }),
    )) {
      let page = pages.get(visit.who)
      if (!page) {
        const context = await contextOf(apis[visit.who])
        contexts.push(context)
        page = await context.newPage()
        page.on('pageerror', (error) =>
          problems.push(`${page?.url()}: pageerror: ${error.stack ?? error.message}`),
        )
        pages.set(visit.who, page)
      }
      const t0 = Date.now()
      await checkPage(page, pattern, visit, nth)
      if (process.env.EVERY_PAGE_TIMES) console.log(`page ${Date.now() - t0} ms ${visit.url}`)
    }
  } finally {
    await Promise.all(contexts.map((context) => context.close()))
  }
  expect(problems).toEqual([])
}, 300_000)
