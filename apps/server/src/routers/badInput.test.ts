import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { appRouter } from '../router.ts'
import type { ApiClient } from '../testing/ApiClient.ts'
import { startTestServer, type TestServer } from '../testing/testServer.ts'

let server: TestServer
let alice: ApiClient

const CHALLENGE = 'fixture/sum-array'

beforeAll(async () => {
  server = await startTestServer()
  alice = server.client()
  await alice.signup('alice')
})
afterAll(() => server.stop())

function countRows(table: string): number {
  const db = new Database(server.config.dbFile, { readonly: true })
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
  } finally {
    db.close()
  }
}

describe('bad input', () => {
  it('refuses a source over 64 KB, saying so, and stores nothing', async () => {
    const before = countRows('submissions')
    const source = `// ${'x'.repeat(70 * 1024)}\nexport const solve = () => 0`
    const result = await alice.mutation('submission.create', { challengeId: CHALLENGE, source, mode: 'full' })
    expect(result).toMatchObject({ ok: false, status: 400, error: { code: 'BAD_REQUEST' } })
    if (!result.ok)
      expect(result.error.message).toMatch(/source: The source is 70\.\d KB; the limit is 64 KB/)
    const draft = await alice.mutation('draft.save', { challengeId: CHALLENGE, source })
    expect(draft).toMatchObject({ ok: false, error: { message: expect.stringMatching(/limit is 64 KB/) } })
    expect(countRows('submissions')).toBe(before)
    expect(countRows('drafts')).toBe(0)
  })

  it('counts the limit in bytes: 64 KB of multi-byte text is over it', async () => {
    const source = `// ${'가'.repeat(22_000)}` // 3 bytes each
    const result = await alice.mutation('draft.save', { challengeId: CHALLENGE, source })
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
  })

  it('answers a body over the server limit in the API error shape', async () => {
    const source = 'x'.repeat(2 * 1024 * 1024)
    const result = await alice.mutation('submission.create', { challengeId: CHALLENGE, source, mode: 'full' })
    expect(result).toMatchObject({
      ok: false,
      status: 413,
      error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/64 KB/) },
    })
  })

  it('explains malformed requests', async () => {
    const json = await alice.mutation('submission.create', undefined, { rawBody: '{"challengeId": ' })
    expect(json).toMatchObject({
      ok: false,
      status: 400,
      error: { code: 'BAD_REQUEST', message: expect.stringMatching(/^The request is not valid JSON/) },
    })

    const types = await alice.mutation('submission.create', { challengeId: 42, source: null, mode: 'fast' })
    expect(types).toMatchObject({ ok: false, status: 400, error: { code: 'BAD_REQUEST' } })
    if (!types.ok) {
      expect(types.error.message).toMatch(/challengeId: A challenge id is a string like "core\/column-sums"/)
      expect(types.error.message).toMatch(/source: The source must be a string/)
      expect(types.error.message).toMatch(/mode: The mode is "samples" \(Run\) or "full" \(Submit\)/)
    }
    const id = await alice.query('challenge.get', { id: '../../etc/passwd' })
    expect(id).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/looks like "core\/column-sums"/) },
    })
    const submissionId = await alice.query('submission.get', { id: 1.5 })
    expect(submissionId).toMatchObject({
      ok: false,
      error: { message: 'id: A submission id is a whole number.' },
    })
    const unknownProcedure = await alice.query('submission.destroy', { id: 1 })
    expect(unknownProcedure).toMatchObject({ ok: false, status: 404, error: { code: 'NOT_FOUND' } })
  })

  it('says which ids do not exist', async () => {
    expect(await alice.query('challenge.get', { id: 'fixture/no-such-thing' })).toMatchObject({
      ok: false,
      status: 404,
      error: { code: 'NOT_FOUND', message: 'There is no challenge "fixture/no-such-thing".' },
    })
    expect(
      await alice.mutation('submission.create', {
        challengeId: 'nope/nothing',
        source: 'x',
        mode: 'samples',
      }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await alice.query('submission.get', { id: 999_999 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'You have no submission #999999.' },
    })
  })

  it("hides another learner's submission as if it did not exist", async () => {
    const created = await alice.mutation<{ id: number }>('submission.create', {
      challengeId: CHALLENGE,
      source: '// mine\nexport const solve = () => 0',
      mode: 'samples',
    })
    if (!created.ok) throw new Error(created.error.message)
    const mine = await alice.query('submission.get', { id: created.data.id })
    expect(mine).toMatchObject({
      ok: true,
      data: { id: created.data.id, status: 'queued', source: expect.stringMatching(/mine/) },
    })

    const bob = server.client()
    await bob.signup('bob')
    const theirs = await bob.query('submission.get', { id: created.data.id })
    expect(theirs).toMatchObject({
      ok: false,
      status: 404,
      error: { message: `You have no submission #${created.data.id}.` },
    })
    expect(JSON.stringify(theirs)).not.toMatch(/mine/)
    expect(await bob.query('submission.list', {})).toMatchObject({ ok: true, data: [] })
    await expect(bob.subscribe('submission.progress', { id: created.data.id })).rejects.toThrow(
      /NOT_FOUND|no submission/,
    )
    expect(
      await bob.query('stats.distribution', { challengeId: CHALLENGE, submissionId: created.data.id }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
  })

  it('keeps a statement as the Markdown the instructor wrote (the client sanitizes it)', async () => {
    const challenge = await alice.query<{ statement: string }>('challenge.get', { id: CHALLENGE })
    expect(challenge.ok && challenge.data.statement).toMatch(/<script>alert/)
    expect(challenge.headers.get('content-type')).toMatch(/^application\/json/)
  })
})

/** Every procedure of the API with its kind (query, mutation, subscription). */
function allProcedures(): [string, string][] {
  const procedures = (
    appRouter as unknown as { _def: { procedures: Record<string, { _def: { type: string } }> } }
  )._def.procedures
  return Object.entries(procedures).map(([path, procedure]) => [path, procedure._def.type])
}

// Well-formed JSON that each procedure may or may not accept: nothing, empty, the wrong shapes, and an
// object carrying every key the API uses with plausible values (zod drops the keys a procedure does not
// take, so each one reaches its handler with what it needs, or is refused with a 4xx).
const PLAUSIBLE = {
  id: 1,
  groupId: 1,
  userId: 1,
  submissionId: 1,
  assignmentId: 1,
  regradeId: 1,
  testId: 1,
  challengeId: CHALLENGE,
  packId: 'fixture',
  slug: 'sum-array',
  source: 'export const solve = () => 0',
  mode: 'samples',
  locale: 'ko',
  name: 'a group',
  code: 'AAAAAAAAAA',
  role: 'member',
  timeZone: 'UTC',
  hidden: true,
  visibility: 'public',
  runnerClass: 'cpu',
  metric: 'score',
  period: 'week',
  files: {},
  config: {},
  deadline: null,
}
const INPUTS: unknown[] = [undefined, {}, null, [], 'text', 0, { id: -1, groupId: 'x' }, PLAUSIBLE]

describe('the sweep: no well-formed request gets HTTP 500', () => {
  it('answers every procedure, logged out and as an admin, with a 2xx or a 4xx', async () => {
    const anonymous = server.client()
    await anonymous.visit()
    const admin = server.client()
    await admin.signup('sweeper')
    const db = new Database(server.config.dbFile)
    db.prepare(`UPDATE users SET role = 'admin' WHERE username = 'sweeper'`).run()
    db.close()
    const failures: string[] = []
    for (const client of [anonymous, admin]) {
      for (const [path, type] of allProcedures()) {
        // These end the session the sweep runs in; they are swept last, below.
        if (path === 'auth.logout' || path === 'auth.logoutEverywhere') continue
        for (const input of INPUTS) {
          if (type === 'subscription') continue
          const result =
            type === 'query' ? await client.query(path, input) : await client.mutation(path, input)
          if (result.status >= 500) failures.push(`${path} ${JSON.stringify(input)}: ${result.status}`)
        }
      }
      for (const path of ['auth.logoutEverywhere', 'auth.logout']) {
        const result = await client.mutation(path, {})
        if (result.status >= 500) failures.push(`${path}: ${result.status}`)
      }
    }
    expect(failures).toEqual([])
  }, 120_000)

  it('keeps the settings as they are on game.settings({})', async () => {
    const client = server.client()
    await client.signup('settler')
    expect(await client.mutation('game.settings', {})).toMatchObject({
      ok: true,
      data: { timeZone: 'UTC', hidden: false },
    })
    expect(await client.mutation('game.settings', { hidden: true })).toMatchObject({
      ok: true,
      data: { hidden: true },
    })
    expect(await client.mutation('game.settings', {})).toMatchObject({ ok: true, data: { hidden: true } })
  })

  it('answers the HTTP routes beside tRPC with a 2xx or a 4xx, whatever the path, query or body', async () => {
    const client = server.client()
    await client.signup('http-sweeper')
    const failures: string[] = []
    const send = async (method: string, path: string, body?: string, type?: string) => {
      for (const cookie of ['', client.cookieHeader()]) {
        const headers: Record<string, string> = {
          cookie,
          'x-csrf-token': client.cookies.get('arena_csrf') ?? '',
        }
        if (type) headers['content-type'] = type
        const response = await fetch(`${server.url}${path}`, { method, headers, body })
        await response.arrayBuffer()
        if (response.status >= 500) failures.push(`${method} ${path} ${type ?? ''}: ${response.status}`)
      }
    }
    for (const path of [
      '/local-run/sandbox.json',
      '/local-run/fixture/sum-array/abcdef/kit.js',
      '/local-run/fixture/sum-array/abcdef/reference.json',
      '/local-run/FIXTURE/..%2f..%2fetc/abcdef/kit.js',
      '/local-run/fixture/sum-array/%ff%fe/reference.json',
      '/api/authoring/export/fixture?version=abc',
      '/api/authoring/export/fixture?version=99999999999999999999',
      '/api/authoring/export/..%2f..',
      '/runner/packs/fixture/abc',
      '/trpc/challenge.get?input=%7Bnot-json',
      '/trpc/challenge.get?batch=1&input=%5B%5D',
    ]) {
      await send('GET', path)
    }
    for (const [body, type] of [
      ['', 'application/zip'],
      ['not a zip at all', 'application/zip'],
      ['{"a":1}', 'application/json'],
      ['x', 'text/plain'],
    ] as const) {
      await send('POST', '/api/authoring/upload', body, type)
    }
    expect(failures).toEqual([])
  }, 60_000)
})
