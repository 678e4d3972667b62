import type { FastifyInstance } from 'fastify'
import type { ServerConfig } from '../config.ts'
import { SANDBOX_PAGE } from '../localRun/serveSandbox.ts'

/**
 * What the sandbox origin serves: its page, the built scripts it and its workers load, and the
 * sample kits its driver worker imports. Nothing else: no API, no app pages, no references.
 */
const SANDBOX_PATHS: RegExp[] = [
  new RegExp(`^${SANDBOX_PAGE}$`),
  /^\/local-run\/[a-z0-9][a-z0-9-]{0,63}\/[a-z0-9][a-z0-9-]{0,63}\/[A-Za-z0-9_%-]{6,384}\/kit\.js$/,
  /^\/assets\/[A-Za-z0-9._-]+$/,
  /^\/favicon\.svg$/,
]

/** `host[:port]` as a browser would send it for `origin`, and the Host header as the client sent it. */
function hostOf(value: string): string {
  return value.toLowerCase().replace(/:(80|443)$/, '')
}

export function isSandboxPath(method: string, url: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false
  const pathname = url.split('?')[0] ?? ''
  return SANDBOX_PATHS.some((pattern) => pattern.test(pathname))
}

/**
 * With ARENA_SANDBOX_ORIGIN set, this one server answers on the app's name and on the sandbox's. A
 * request on the sandbox's name gets the sandbox frame and its files only (404 for everything else):
 * learners' programs run on that origin, so it must not reach the API or the app's pages.
 */
export function installSandboxHostSplit(
  app: FastifyInstance,
  config: Pick<ServerConfig, 'sandboxOrigin' | 'appOrigin'>,
): void {
  const sandbox = config.sandboxOrigin
  if (!sandbox || sandbox === 'none') return
  if (!config.appOrigin) {
    app.log.warn(
      'ARENA_SANDBOX_ORIGIN is set without ARENA_APP_ORIGIN: no page may embed the sandbox, so local runs cannot start. Set ARENA_APP_ORIGIN to the origin learners open the app on.',
    )
  }
  const sandboxHost = hostOf(new URL(sandbox).host)
  app.addHook('onRequest', async (request, reply) => {
    if (hostOf(request.headers.host ?? '') !== sandboxHost) return
    if (isSandboxPath(request.method, request.url)) return
    return reply
      .code(404)
      .type('text/plain; charset=utf-8')
      .send('Not found: this origin serves the local-run sandbox only.\n')
  })
}
