import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiClient } from '../testing/ApiClient.ts'
import { startTestServer, type TestServer } from '../testing/testServer.ts'

const APP_ORIGIN = 'https://arena.example.org'
const SANDBOX_ORIGIN = 'http://run.example.net'

let server: TestServer
let learner: ApiClient

beforeAll(async () => {
  // A stand-in for apps/web/dist, there before the server starts (it looks for a build once).
  const dist = mkdtempSync(path.join(tmpdir(), 'arena-origin-dist-'))
  mkdirSync(path.join(dist, 'assets'), { recursive: true })
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>app</title>')
  writeFileSync(path.join(dist, 'sandbox.html'), '<!doctype html><title>sandbox</title>')
  writeFileSync(path.join(dist, 'assets', 'sandbox-abc123.js'), 'export {}')
  server = await startTestServer({ appOrigin: APP_ORIGIN, sandboxOrigin: SANDBOX_ORIGIN, webDist: dist })
  learner = server.client()
  await learner.signup('origin-tester')
}, 60_000)
afterAll(async () => {
  await server.stop()
  rmSync(server.config.webDist, { recursive: true, force: true })
})

function draftCount(): number {
  const db = new Database(server.config.dbFile, { readonly: true })
  try {
    return (db.prepare('SELECT count(*) AS n FROM drafts').get() as { n: number }).n
  } finally {
    db.close()
  }
}

/** A draft save as a browser page on `headers.origin` (or with that Referer) would send it. */
async function saveDraftFrom(headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const response = await fetch(`${server.url}/trpc/draft.save`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: learner.cookieHeader(),
      'x-csrf-token': learner.cookies.get('arena_csrf') ?? '',
      ...headers,
    },
    body: JSON.stringify({ challengeId: 'fixture/sum-array', source: '// from somewhere' }),
  })
  return { status: response.status, body: await response.text() }
}

describe('Origin and Referer on mutations', () => {
  it('refuses a tRPC mutation from another site with 403, in the API error shape, and changes nothing', async () => {
    const before = draftCount()
    for (const headers of <Record<string, string>[]>[
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { referer: 'https://evil.example/attack.html' },
      { origin: SANDBOX_ORIGIN },
      // A look-alike host with the app's name as a prefix is another site.
      { origin: `${new URL(server.url).origin}.evil.example` },
    ]) {
      const answer = await saveDraftFrom(headers)
      expect(answer.status, JSON.stringify(headers)).toBe(403)
      expect(JSON.parse(answer.body)).toMatchObject({
        error: { data: { code: 'FORBIDDEN', httpStatus: 403 } },
      })
    }
    expect(draftCount()).toBe(before)
  })

  it('accepts the same origin, the configured app origin, a same-origin Referer, and no header at all', async () => {
    const same = new URL(server.url).origin
    for (const headers of <Record<string, string>[]>[
      { origin: same },
      { origin: APP_ORIGIN },
      { referer: `${same}/challenge/x` },
      {},
    ]) {
      expect((await saveDraftFrom(headers)).status, JSON.stringify(headers)).toBe(200)
    }
  })

  it('refuses an HTTP upload from another site before reading it', async () => {
    const response = await fetch(`${server.url}/api/authoring/upload`, {
      method: 'POST',
      headers: {
        'content-type': 'application/zip',
        origin: 'https://evil.example',
        cookie: learner.cookieHeader(),
        'x-csrf-token': learner.cookies.get('arena_csrf') ?? '',
      },
      body: new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]),
    })
    expect(response.status).toBe(403)
  })
})

/** A GET as sent to the server under another host name (the sandbox's), as a proxy in front would. */
function getOnHost(
  host: string,
  pathname: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const url = new URL(server.url)
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: url.hostname, port: url.port, path: pathname, method: 'GET', headers: { host } },
      (response) => {
        let body = ''
        response.on('data', (chunk) => {
          body += chunk
        })
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
        )
      },
    )
    request.on('error', reject)
    request.end()
  })
}

describe('the sandbox origin', () => {
  const sandboxHost = new URL(SANDBOX_ORIGIN).host

  it('serves the sandbox frame, embeddable by the app origin only', async () => {
    const page = await getOnHost(sandboxHost, '/local-run/sandbox')
    expect(page.status).toBe(200)
    expect(page.body).toContain('<title>sandbox</title>')
    const csp = String(page.headers['content-security-policy'])
    expect(csp).toContain(`frame-ancestors ${APP_ORIGIN}`)
    expect(csp).not.toMatch(/frame-ancestors \*/)
    expect((await getOnHost(sandboxHost, '/assets/sandbox-abc123.js')).status).toBe(200)
  })

  it('serves nothing else: no API, no app pages, no references, no pack versions', async () => {
    for (const pathname of [
      '/',
      '/index.html',
      '/challenge/fixture/sum-array',
      '/trpc/auth.me',
      '/trpc/challenge.get?input=%7B%22id%22%3A%22fixture%2Fsum-array%22%7D',
      '/local-run/sandbox.json',
      '/local-run/fixture/sum-array/abcdef/reference.json',
      '/api/authoring/export/fixture',
      '/api/pack-versions/fixture/abcdef',
    ]) {
      const answer = await getOnHost(sandboxHost, pathname)
      expect(answer.status, pathname).toBe(404)
      expect(answer.body, pathname).not.toContain('<title>app</title>')
    }
    // The app's own name still serves the app and the API.
    const app = await getOnHost(new URL(server.url).host, '/')
    expect(app.body).toContain('<title>app</title>')
    expect((await getOnHost(new URL(server.url).host, '/trpc/auth.me')).status).toBe(200)
  })
})
