import { findCurrentChallenge, findUserByUsername, insertSubmission, openDatabase } from '@arena/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiClient } from '../testing/ApiClient.ts'
import { startTestServer, type TestServer } from '../testing/testServer.ts'

let server: TestServer
let hash: string

beforeAll(async () => {
  server = await startTestServer()
  const challenge = await server.client().query<{ pack: { hash: string } }>('challenge.get', {
    id: 'fixture/sum-array',
  })
  if (!challenge.ok) throw new Error(`challenge.get failed: ${challenge.status}`)
  hash = challenge.data.pack.hash
}, 60_000)
afterAll(() => server?.stop())

async function learner(name: string): Promise<ApiClient> {
  const client = server.client()
  await client.visit()
  const signed = await client.signup(name)
  if (!signed.ok) throw new Error(`signup failed: ${signed.error.message}`)
  return client
}

function reference(client: ApiClient | undefined, version = hash) {
  return fetch(`${server.url}/local-run/fixture/sum-array/${version}/reference.json`, {
    headers: client ? { cookie: client.cookieHeader() } : {},
  })
}

/** Stores a graded full submission of sum-array for `username` with this verdict. */
function graded(username: string, verdict: string, mode: 'full' | 'samples' = 'full'): void {
  const db = openDatabase(server.config.dbFile)
  try {
    const found = findCurrentChallenge(db, 'fixture/sum-array')
    const user = findUserByUsername(db, username)
    if (!found || !user) throw new Error('fixture missing')
    const submission = insertSubmission(db, {
      userId: user.id,
      challengeId: found.challenge.id,
      challengeKey: found.challenge.key,
      packHash: found.pack.hash,
      source: 'export function solve() {}',
      mode,
      runnerClass: 'cpu',
    })
    db.$client
      .prepare("update submissions set status = 'done', verdict = ? where id = ?")
      .run(verdict, submission.id)
  } finally {
    db.$client.close()
  }
}

describe('GET /local-run/<pack>/<slug>/<hash>/reference.json', () => {
  it('is the instructor secret until the learner solved the challenge', async () => {
    expect((await reference(undefined)).status).toBe(401)
    const client = await learner('ref-learner')
    const before = await reference(client)
    expect(before.status).toBe(403)
    expect(await before.json()).toEqual({
      error: 'The reference solution is shown to those who solved this challenge.',
    })
    // A wrong answer, or samples that passed, do not count as solving it.
    graded('ref-learner', 'WrongAnswer')
    graded('ref-learner', 'Accepted', 'samples')
    expect((await reference(client)).status).toBe(403)
  })

  it('gives a learner who solved it the compiled reference, never to be cached', async () => {
    const client = await learner('ref-solver')
    graded('ref-solver', 'Accepted')
    const response = await reference(client)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('private, no-store')
    const body = (await response.json()) as {
      program: { code: string; globalName: string; entry: string; sourceMap: string }
    }
    expect(body.program.entry).toBe('solve')
    expect(body.program.globalName).toBeTruthy()
    expect(body.program.code).toContain(body.program.globalName)
    expect(JSON.parse(body.program.sourceMap).sources.join()).toContain('reference.ts')
  })

  it('says which request is wrong: a bad path, another version', async () => {
    const client = await learner('ref-other')
    graded('ref-other', 'Accepted')
    expect((await reference(client, '0123456789abcdef')).status).toBe(409)
    const bad = await fetch(`${server.url}/local-run/fixture/..%2fsecret/${hash}/reference.json`, {
      headers: { cookie: client.cookieHeader() },
    })
    expect(bad.status).toBe(400)
  })
})
