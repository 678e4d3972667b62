import {
  type ArenaDb,
  createSession,
  deleteSession,
  findSession,
  type SessionRow,
  type UserRow,
} from '@arena/db'
import type {} from '@fastify/cookie'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  CSRF_COOKIE,
  CSRF_HEADER,
  hashToken,
  isToken,
  newToken,
  SESSION_COOKIE,
  SESSION_DAYS,
  sameToken,
} from './tokens.ts'

/** Who sent a request, resolved once per request by the hook below. */
export interface RequestAuth {
  user: UserRow | null
  session: SessionRow | null
  /** The CSRF token mutations of this request must carry: the session's, or the anonymous cookie's. */
  csrfToken: string | null
  /** The `arena_csrf` cookie as the request sent it. */
  csrfCookie: string | null
}

const ANONYMOUS: RequestAuth = { user: null, session: null, csrfToken: null, csrfCookie: null }
const auths = new WeakMap<FastifyRequest, RequestAuth>()

export function authOf(request: FastifyRequest): RequestAuth {
  return auths.get(request) ?? ANONYMOUS
}

export interface CookieSettings {
  secure: boolean
}

/**
 * Resolves the session cookie of every request and makes sure the browser holds the double-submit CSRF
 * cookie: a random one before log-in, the session's own after. Static pages get it too, so the web
 * app can read it before its first mutation.
 */
export function installAuthHook(app: FastifyInstance, db: ArenaDb, cookies: CookieSettings): void {
  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE]
    const found = isToken(token) ? findSession(db, hashToken(token)) : undefined
    if (token !== undefined && !found) reply.clearCookie(SESSION_COOKIE, { path: '/' })
    const cookie = request.cookies[CSRF_COOKIE]
    const csrfCookie = isToken(cookie) ? cookie : null
    let csrfToken = csrfCookie
    if (found) {
      csrfToken = found.session.csrfToken
      if (csrfCookie !== csrfToken) setCsrfCookie(reply, csrfToken, cookies)
    } else if (!csrfCookie) {
      csrfToken = newToken()
      setCsrfCookie(reply, csrfToken, cookies)
    }
    auths.set(request, { user: found?.user ?? null, session: found?.session ?? null, csrfToken, csrfCookie })
  })
}

/** Double submit: the header must repeat the cookie, and both must be this session's token. */
export function csrfProblem(request: FastifyRequest): string | null {
  const auth = authOf(request)
  const header = request.headers[CSRF_HEADER]
  if (typeof header !== 'string' || header.length === 0) {
    return `Missing the ${CSRF_HEADER} header: send the value of the ${CSRF_COOKIE} cookie with every change.`
  }
  if (!auth.csrfCookie || !auth.csrfToken) {
    return `Missing the ${CSRF_COOKIE} cookie: reload the page and try again.`
  }
  if (!sameToken(header, auth.csrfCookie) || !sameToken(header, auth.csrfToken)) {
    return 'The CSRF token does not match this session: reload the page and try again.'
  }
  return null
}

export function startSession(
  db: ArenaDb,
  reply: FastifyReply,
  user: UserRow,
  cookies: CookieSettings,
  now = new Date(),
): SessionRow {
  const token = newToken()
  const session: SessionRow = {
    tokenHash: hashToken(token),
    userId: user.id,
    csrfToken: newToken(),
    createdAt: now,
    expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000),
  }
  createSession(db, session)
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: cookies.secure,
    expires: session.expiresAt,
  })
  setCsrfCookie(reply, session.csrfToken, cookies)
  return session
}

export function endSession(
  db: ArenaDb,
  request: FastifyRequest,
  reply: FastifyReply,
  cookies: CookieSettings,
): void {
  const session = authOf(request).session
  if (session) deleteSession(db, session.tokenHash)
  reply.clearCookie(SESSION_COOKIE, { path: '/' })
  // A fresh anonymous token: the old one was bound to the session that just ended.
  setCsrfCookie(reply, newToken(), cookies)
}

function setCsrfCookie(reply: FastifyReply, token: string, cookies: CookieSettings): void {
  reply.setCookie(CSRF_COOKIE, token, {
    path: '/',
    httpOnly: false,
    sameSite: 'lax',
    secure: cookies.secure,
    maxAge: SESSION_DAYS * 86_400,
  })
}
