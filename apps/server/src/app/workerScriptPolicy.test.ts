import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { installWorkerScriptPolicy, withBlobScripts } from './workerScriptPolicy.ts'

describe('a worker script’s CSP', () => {
  it('adds blob: to script-src once, leaving the other directives', () => {
    expect(
      withBlobScripts("default-src 'self';script-src 'self' 'wasm-unsafe-eval';worker-src 'self' blob:"),
    ).toBe("default-src 'self';script-src 'self' 'wasm-unsafe-eval' blob:;worker-src 'self' blob:")
    expect(withBlobScripts("script-src 'self' blob:")).toBe("script-src 'self' blob:")
    expect(withBlobScripts("default-src 'none'")).toBe("default-src 'none'")
  })

  it('applies to responses fetched as workers only', async () => {
    const app = Fastify()
    app.addHook('onRequest', async (_request, reply) => {
      reply.header('content-security-policy', "script-src 'self'")
    })
    installWorkerScriptPolicy(app)
    app.get('/assets/driver.js', async () => 'ok')
    const worker = await app.inject({ url: '/assets/driver.js', headers: { 'sec-fetch-dest': 'worker' } })
    const page = await app.inject({ url: '/assets/driver.js', headers: { 'sec-fetch-dest': 'script' } })
    expect(worker.headers['content-security-policy']).toBe("script-src 'self' blob:")
    expect(page.headers['content-security-policy']).toBe("script-src 'self'")
    await app.close()
  })
})
