import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { openDatabase } from '@arena/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiClient } from '../testing/ApiClient.ts'
import { FIXTURE_PACKS, startTestServer, type TestServer } from '../testing/testServer.ts'

interface Detail {
  pack: { hash: string }
  kitTicket?: string
}

let server: TestServer
let learner: ApiClient
let hash: string
let ticket: string

async function detail(client: ApiClient, id = 'fixture/sum-array'): Promise<Detail> {
  const challenge = await client.query<Detail>('challenge.get', { id })
  if (!challenge.ok) throw new Error(`challenge.get failed: ${challenge.status}`)
  return challenge.data
}

beforeAll(async () => {
  server = await startTestServer()
  learner = server.client()
  await learner.visit()
  expect((await learner.signup('kit-learner')).ok).toBe(true)
  const seen = await detail(learner)
  hash = seen.pack.hash
  ticket = seen.kitTicket as string
}, 60_000)
afterAll(() => server?.stop())

const kit = (pathname: string, withTicket = ticket) =>
  fetch(`${server.url}${pathname}${withTicket ? `?ticket=${encodeURIComponent(withTicket)}` : ''}`)

describe('GET /local-run/<pack>/<slug>/<hash>/kit.js', () => {
  it('serves the sample kit to a logged-in viewer, with the grant appended, without hidden cases', async () => {
    expect(ticket).toMatch(/^\d+\.\d+\.[A-Za-z0-9_-]{43}$/)
    const response = await kit(`/local-run/fixture/sum-array/${hash}/kit.js`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/)
    expect(response.headers.get('cache-control')).toBe('private, max-age=3600')
    const text = await response.text()
    expect(text).toMatch(/export\{.*judgeOutput.*\}/s)
    expect(text).toMatch(/export const grant = \{"entry":"solve"/)
    expect(text).toContain('hidden:[]')
    expect(text).not.toContain('a thousand')
  })

  it('a visitor without an account gets a ticket for a pack everyone may see (a first visit runs locally); no ticket, no kit', async () => {
    const visitor = server.client()
    const seen = await detail(visitor)
    expect(seen.kitTicket).toMatch(/^0\.\d+\.[A-Za-z0-9_-]{43}$/)
    expect((await kit(`/local-run/fixture/sum-array/${hash}/kit.js`, seen.kitTicket)).status).toBe(200)
    expect((await kit(`/local-run/fixture/sum-array/${hash}/kit.js`, '')).status).toBe(404)
  })

  it('the same 404 for a bad path, a missing challenge, a forged, altered or foreign ticket: no existence oracle', async () => {
    const [userId, expires, signature] = ticket.split('.') as [string, string, string]
    const answers = await Promise.all([
      kit(`/local-run/fixture/..%2f..%2fetc/${hash}/kit.js`),
      kit(`/local-run/fixture/no-such/${hash}/kit.js`),
      kit(`/local-run/fixture/sum-array/${hash}/kit.js`, `${Number(userId) + 1}.${expires}.${signature}`),
      kit(`/local-run/fixture/sum-array/${hash}/kit.js`, `${userId}.${Number(expires) + 1}.${signature}`),
      kit(`/local-run/fixture/sum-array/${hash}/kit.js`, 'not a ticket'),
      // A ticket names its challenge version: not another one's (nor a stale version's).
      kit('/local-run/fixture/sum-array/0123456789abcdef/kit.js'),
    ])
    const seen = await Promise.all(answers.map(async (answer) => [answer.status, await answer.text()]))
    const missing = seen[1]
    expect(missing?.[0]).toBe(404)
    for (const answer of seen) expect(answer).toEqual(missing)
  })

  it('a draft pack of another author: the same 404 as a missing challenge, even with a ticket issued before', async () => {
    const author = server.client()
    await author.visit()
    const created = await author.signup('kit-author')
    if (!created.ok) throw new Error('signup failed')
    const earlierVisitorTicket = (await detail(server.client())).kitTicket
    const db = openDatabase(server.config.dbFile)
    try {
      // The fixture pack turned into another author's draft (what packVisibleTo reads).
      db.$client
        .prepare(
          "INSERT INTO authored_packs (pack_id, owner_id, visibility, created_at, updated_at) VALUES ('fixture', ?, 'draft', ?, ?)",
        )
        .run(created.data.id, Date.now(), Date.now())
      const visitorTicket = (await detail(server.client()).catch(() => ({ kitTicket: undefined }))).kitTicket
      expect(visitorTicket, 'a visitor sees no draft pack').toBeUndefined()
      const forbidden = await kit(`/local-run/fixture/sum-array/${hash}/kit.js`)
      const missing = await kit(`/local-run/fixture/no-such/${hash}/kit.js`)
      expect(forbidden.status).toBe(404)
      expect(await forbidden.text()).toBe(await missing.text())
      // A visitor's ticket issued while the pack was public opens nothing once it is a draft.
      expect((await kit(`/local-run/fixture/sum-array/${hash}/kit.js`, earlierVisitorTicket)).status).toBe(
        404,
      )
      // Its author still gets a ticket and the kit.
      const own = await detail(author)
      const response = await kit(`/local-run/fixture/sum-array/${hash}/kit.js`, own.kitTicket)
      expect(response.status).toBe(200)
    } finally {
      db.$client.prepare("DELETE FROM authored_packs WHERE pack_id = 'fixture'").run()
      db.$client.close()
    }
  })
})

describe('a hostile pack on the server', () => {
  it('is never run: neither its import at start nor a kit request executes its top level', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'arena-hostile-kit-'))
    const marker = path.join(dir, 'marker')
    const challengesDir = path.join(dir, 'challenges')
    cpSync(FIXTURE_PACKS, challengesDir, { recursive: true })
    writeFileSync(
      path.join(challengesDir, 'fixture/sum-array/tests.ts'),
      `import { defineTests } from '@arena/grader/authoring'
const host = (globalThis as any).process ?? Function('return this')().process
host?.getBuiltinModule?.('fs').writeFileSync(${JSON.stringify(marker)}, 'ran on the server')
export default defineTests<Float64Array, number>({
  generate: (seed, size) => new Float64Array(size).fill(seed),
  check: () => { host?.getBuiltinModule?.('fs').writeFileSync(${JSON.stringify(marker)}, 'checked'); return true },
  samples: [{ name: 'three numbers', input: Float64Array.of(1, 2, 3) }],
  hidden: [{ name: 'the hidden one', seed: 1, size: 5 }],
})
`,
    )
    const hostile = await startTestServer({ challengesDir })
    try {
      const client = hostile.client()
      await client.visit()
      await client.signup('kit-hostile')
      const seen = await detail(client)
      const response = await fetch(
        `${hostile.url}/local-run/fixture/sum-array/${seen.pack.hash}/kit.js?ticket=${encodeURIComponent(seen.kitTicket ?? '')}`,
      )
      expect(response.status).toBe(200)
      expect(await response.text()).toContain('getBuiltinModule')
      expect(existsSync(marker)).toBe(false)
    } finally {
      await hostile.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
