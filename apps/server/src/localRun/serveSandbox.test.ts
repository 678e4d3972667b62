import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../config.ts'
import { startTestServer, type TestServer } from '../testing/testServer.ts'
import { sandboxOriginFor } from './serveSandbox.ts'

describe('sandboxOriginFor', () => {
  it('is the other loopback name on the same port, so the browser treats it as another site', () => {
    expect(sandboxOriginFor('localhost:3000', 'http', undefined)).toBe('http://127.0.0.1:3000')
    expect(sandboxOriginFor('127.0.0.1:3000', 'http', undefined)).toBe('http://localhost:3000')
    expect(sandboxOriginFor('[::1]:8080', 'http', undefined)).toBe('http://localhost:8080')
    expect(sandboxOriginFor('LOCALHOST', 'https', undefined)).toBe('https://127.0.0.1')
  })

  it('is the configured origin when there is one, and none for other hosts without it', () => {
    expect(sandboxOriginFor('arena.example.org', 'https', 'https://run.example.net')).toBe(
      'https://run.example.net',
    )
    expect(sandboxOriginFor('arena.example.org', 'https', undefined)).toBeUndefined()
    expect(sandboxOriginFor('localhost:3000', 'http', 'none')).toBeUndefined()
    expect(sandboxOriginFor('localhost:3000 evil', 'http', undefined)).toBeUndefined()
    expect(sandboxOriginFor(undefined, 'http', undefined)).toBeUndefined()
  })

  it('accepts only an origin in ARENA_SANDBOX_ORIGIN', () => {
    expect(parseConfig([], { ARENA_SANDBOX_ORIGIN: 'https://run.example.net' }).sandboxOrigin).toBe(
      'https://run.example.net',
    )
    expect(() => parseConfig([], { ARENA_SANDBOX_ORIGIN: 'https://run.example.net/sandbox' })).toThrow(
      /ARENA_SANDBOX_ORIGIN must be an origin/,
    )
    expect(() => parseConfig([], { ARENA_SANDBOX_ORIGIN: 'run.example.net' })).toThrow(/must be an origin/)
    expect(parseConfig([], { ARENA_SANDBOX_ORIGIN: 'none' }).sandboxOrigin).toBe('none')
  })
})

describe('the sandbox page and the app that embeds it', () => {
  let server: TestServer
  let port: string
  beforeAll(async () => {
    server = await startTestServer()
    // A stand-in for apps/web/dist: the route serves the built sandbox.html as it is.
    const dist = server.config.webDist
    mkdirSync(dist, { recursive: true })
    writeFileSync(path.join(dist, 'sandbox.html'), '<!doctype html><title>sandbox</title>')
    port = new URL(server.url).port
  }, 60_000)
  afterAll(() => server?.stop())

  it('tells a page on 127.0.0.1 to run programs on localhost, and lets it frame that origin only', async () => {
    const info = await fetch(`http://127.0.0.1:${port}/local-run/sandbox.json`)
    expect(await info.json()).toEqual({ origin: `http://localhost:${port}` })
    const app = await fetch(`http://127.0.0.1:${port}/`)
    expect(app.headers.get('content-security-policy')).toContain(`frame-src http://localhost:${port}`)
    expect(app.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
  })

  it('serves the sandbox page embeddable by the app origin only, with scripts from itself and blob:', async () => {
    const page = await fetch(`http://localhost:${port}/local-run/sandbox`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<title>sandbox</title>')
    const csp = page.headers.get('content-security-policy') ?? ''
    expect(csp).toContain(`frame-ancestors http://127.0.0.1:${port}`)
    expect(csp).toContain("script-src 'self' blob:")
    expect(csp).toContain("default-src 'none'")
    // Helmet's SAMEORIGIN would forbid the (cross-origin) app to embed it.
    expect(page.headers.get('x-frame-options')).toBeNull()
  })

  it('says when the web app is not built', async () => {
    const bare = await startTestServer()
    try {
      const page = await fetch(`${bare.url}/local-run/sandbox`)
      expect(page.status).toBe(503)
      expect(await page.text()).toContain('not built yet')
    } finally {
      await bare.stop()
    }
  }, 60_000)

  it('uses a configured sandbox origin for every page', async () => {
    const configured = await startTestServer({ sandboxOrigin: 'https://run.example.net' })
    try {
      const info = await fetch(`${configured.url}/local-run/sandbox.json`)
      expect(await info.json()).toEqual({ origin: 'https://run.example.net' })
      const app = await fetch(`${configured.url}/`)
      expect(app.headers.get('content-security-policy')).toContain('frame-src https://run.example.net')
    } finally {
      await configured.stop()
    }
  }, 60_000)
})
