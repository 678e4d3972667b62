// Every page's path pattern, in one list: App.tsx builds its router from it, and the every-page browser
// test (tests/e2e/every-page.test.ts) visits each, so a page added here is a page that test must check.
// Plain strings, no React: the test imports this file under Node.

/** Pages anyone may open: logging in, signing up, and what a visitor reads before signing up. */
export const OPEN_ROUTES = ['/login', '/signup', '/', '/c/:pack/:slug'] as const

/** Pages behind a log-in (a visitor is sent to /login first). */
export const SIGNED_IN_ROUTES = [
  '/c/:pack/:slug/history',
  '/c/:pack/:slug/solutions',
  '/c/:pack/:slug/discuss',
  '/c/:pack/:slug/discuss/:threadId',
  '/submissions/:id',
  '/profile',
  '/leaderboards',
  '/groups',
  '/groups/join/:code',
  '/groups/:id',
  '/authoring',
  '/authoring/:packId',
  '/admin/runners',
] as const

/** Any other path: the not-found page. */
export const NOT_FOUND_ROUTE = '*'

export type OpenRoute = (typeof OPEN_ROUTES)[number]
export type SignedInRoute = (typeof SIGNED_IN_ROUTES)[number]
export type RoutePattern = OpenRoute | SignedInRoute | typeof NOT_FOUND_ROUTE

export const APP_ROUTES: readonly RoutePattern[] = [...OPEN_ROUTES, ...SIGNED_IN_ROUTES, NOT_FOUND_ROUTE]
