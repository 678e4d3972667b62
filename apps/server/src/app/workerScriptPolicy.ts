import type { FastifyInstance } from 'fastify'

/**
 * A worker's CSP is the one its script's response carries, and the workers it starts from `blob:`
 * URLs inherit it. The local-run driver's program workers compile the dataset engine's learner
 * functions in their nested pool workers as `blob:` scripts (`importScripts`: no eval anywhere), so a
 * worker script's policy lets `script-src` load `blob:` too. That gives a worker nothing it did not
 * have: `worker-src blob:` already lets it start a worker running any `blob:` script.
 */
export function installWorkerScriptPolicy(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.headers['sec-fetch-dest'] !== 'worker') return payload
    const policy = reply.getHeader('content-security-policy')
    if (typeof policy === 'string') reply.header('content-security-policy', withBlobScripts(policy))
    return payload
  })
}

/** `policy` with `blob:` among its `script-src` sources (unchanged when it has no such directive). */
export function withBlobScripts(policy: string): string {
  return policy.replace(/(^|;\s*)script-src ([^;]*)/, (whole, start: string, sources: string) =>
    sources.split(/\s+/).includes('blob:') ? whole : `${start}script-src ${sources.trim()} blob:`,
  )
}
