import { readFile } from 'node:fs/promises'
import type { IncomingMessage } from 'node:http'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { ServerConfig } from '../config.ts'
import { SAMPLE_KIT_PREFIX } from './serveSampleKits.ts'

/** The page the app embeds to run learners' programs on their machine (apps/web/sandbox.html). */
export const SANDBOX_PAGE = `${SAMPLE_KIT_PREFIX}/sandbox`
/** Where the app asks which origin that page lives on. */
export const SANDBOX_INFO = `${SAMPLE_KIT_PREFIX}/sandbox.json`

const LOOPBACK_TWIN: Record<string, string> = {
  localhost: '127.0.0.1',
  '127.0.0.1': 'localhost',
  '[::1]': 'localhost',
}

/** `host[:port]` of a Host header, split; undefined for anything else. */
function splitHost(host: string | undefined): { name: string; port: string } | undefined {
  const match = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(host ?? '')
  if (!match?.[1]) return undefined
  return { name: match[1].toLowerCase(), port: match[2] ? `:${match[2]}` : '' }
}

/**
 * The sandbox origin for a page opened on `host`: the configured one, else the page's other loopback
 * name (a different site to the browser, so a process of its own, on this same server), else none:
 * the page then runs programs in its own process and says so.
 */
export function sandboxOriginFor(
  host: string | undefined,
  protocol: string,
  configured: string | undefined,
): string | undefined {
  if (configured === 'none') return undefined
  if (configured) return configured
  const parts = splitHost(host)
  const twin = parts && LOOPBACK_TWIN[parts.name]
  return twin ? `${protocol}://${twin}${parts.port}` : undefined
}

/**
 * The origin allowed to embed the sandbox page served on `host`: the loopback twin (the app's origin
 * there); with a configured sandbox origin, the app's origin (ARENA_APP_ORIGIN) only, and nobody when
 * that is not set (another site must not drive a frame that runs code on the sandbox origin).
 */
function embedderFor(
  host: string | undefined,
  protocol: string,
  config: Pick<ServerConfig, 'sandboxOrigin' | 'appOrigin'>,
): string {
  if (config.sandboxOrigin && config.sandboxOrigin !== 'none') return config.appOrigin ?? "'none'"
  return sandboxOriginFor(host, protocol, undefined) ?? "'none'"
}

function protocolOf(request: IncomingMessage): string {
  return (request.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'
}

/** For the app's CSP: the frames a page on this request's host may embed. */
export function frameSourcesFor(
  request: IncomingMessage,
  config: Pick<ServerConfig, 'sandboxOrigin'>,
): string {
  return sandboxOriginFor(request.headers.host, protocolOf(request), config.sandboxOrigin) ?? "'self'"
}

/**
 * `GET /local-run/sandbox.json` — `{ origin }`, the sandbox origin for the page asking (null when there
 * is none); `GET /local-run/sandbox` — the sandbox page itself, with a CSP of its own: scripts from this
 * origin and blob: (the learner's program), workers, no network for anything it runs, and embeddable
 * by the app.
 */
export function serveSandbox(
  app: FastifyInstance,
  config: Pick<ServerConfig, 'sandboxOrigin' | 'appOrigin' | 'webDist'>,
): void {
  app.get(SANDBOX_INFO, async (request, reply) => {
    const origin = sandboxOriginFor(request.headers.host, request.protocol, config.sandboxOrigin)
    return reply.header('cache-control', 'no-cache').send({ origin: origin ?? null })
  })
  app.get(SANDBOX_PAGE, async (request, reply) => {
    let page: string
    try {
      page = await readFile(path.join(config.webDist, 'sandbox.html'), 'utf8')
    } catch {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The web app is not built yet: run `npm run build -w @arena/web`, or `npm start`.\n')
    }
    const embedder = embedderFor(request.headers.host, request.protocol, config)
    // Helmet's X-Frame-Options would forbid the app (another origin) to embed it; the CSP says who may.
    reply.removeHeader('x-frame-options')
    return reply
      .header(
        'content-security-policy',
        [
          "default-src 'none'",
          "script-src 'self' blob: 'wasm-unsafe-eval'",
          "worker-src 'self' blob:",
          "connect-src 'self'",
          "base-uri 'none'",
          "form-action 'none'",
          `frame-ancestors ${embedder}`,
        ].join('; '),
      )
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(page)
  })
}
