import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { ServerConfig } from '../config.ts'

/** Methods that never change anything here; every other one is a mutation. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

function originOfUrl(text: string): string | undefined {
  try {
    const url = new URL(text)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined
  } catch {
    return undefined
  }
}

/**
 * The origin a browser says a request comes from: `Origin`, else the origin of `Referer`; `null` when
 * it says so but the value is opaque or unreadable (a sandboxed frame, a `data:` page), undefined when
 * neither header is there (not a browser: the CLI, a runner, curl).
 */
export function requestOrigin(request: FastifyRequest): string | null | undefined {
  const origin = request.headers.origin
  if (typeof origin === 'string') return origin === 'null' ? null : (originOfUrl(origin) ?? null)
  const referer = request.headers.referer
  if (typeof referer === 'string') return originOfUrl(referer) ?? null
  return undefined
}

/**
 * Why a mutation from `origin` is refused, or null: the app's own origin (the Host it was sent to, or
 * ARENA_APP_ORIGIN) is accepted; any other site, an opaque origin, and the sandbox origin (where
 * learners' programs run) are refused.
 */
export function originProblem(
  request: FastifyRequest,
  config: Pick<ServerConfig, 'appOrigin' | 'sandboxOrigin'>,
): string | null {
  const origin = requestOrigin(request)
  // No Origin and no Referer: not a browser, so no ambient cookies to abuse; tRPC mutations still need
  // the CSRF token, and runner and CLI routes their own credentials.
  if (origin === undefined) return null
  if (origin === null) return 'This change comes from a page without an origin: it is refused.'
  if (config.sandboxOrigin && config.sandboxOrigin !== 'none' && origin === config.sandboxOrigin) {
    return 'Changes are not accepted from the local-run sandbox.'
  }
  if (origin === config.appOrigin) return null
  const host = request.headers.host
  // Same origin: the page was served by this server under the name the request was sent to (http or
  // https: behind a proxy that ends TLS the server sees plain http).
  if (host && (origin === `http://${host}` || origin === `https://${host}`)) return null
  return `This change comes from another site (${origin}): it is refused.`
}

export class CrossOriginError extends Error {
  readonly code = 'ARENA_CROSS_ORIGIN'
  readonly statusCode = 403
}

/**
 * Refuses (403) every mutation a browser sends from another origin: tRPC POSTs and the HTTP routes'
 * POST, PUT, PATCH and DELETE alike, before any body is read. Defence beside the CSRF token. The
 * error goes to each route's error handler: tRPC's shape under /trpc.
 */
export function installOriginCheck(
  app: FastifyInstance,
  config: Pick<ServerConfig, 'appOrigin' | 'sandboxOrigin'>,
): void {
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method)) return
    const problem = originProblem(request, config)
    if (problem) throw new CrossOriginError(problem)
  })
}
