// The platform end to end, without a browser: real server processes with real runner processes, a real
// SQLite file, the fixture pack (tests/fixtures/packs), HTTP and SSE as a browser speaks them.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type {
  CourseMap,
  Distribution,
  SubmissionDetail,
  SubmissionProgress,
} from '../apps/server/src/router.ts'
import { ApiClient } from '../apps/server/src/testing/ApiClient.ts'
import { type ServerProcess, startServerProcess } from './helpers/serverProcess.ts'

const CHALLENGE = 'fixture/sum-array'
const CORRECT = `export function solve(input: Float64Array): number {
  let sum = 0
  for (let i = 0; i < input.length; i++) sum += input[i]!
  return sum
}`
const WRONG = `export function solve(input: Float64Array): number {
  let sum = 0
  for (let i = 1; i < input.length; i++) sum += input[i]!
  return sum
}`
// Correct, but every call spins 150 ms: a grading long enough to kill its runner in the middle.
const SLOW = `export function solve(input: Float64Array): number {
  const until = Date.now() + 150
  while (Date.now() < until) {}
  let sum = 0
  for (let i = 0; i < input.length; i++) sum += input[i]!
  return sum
}`

let dir: string
const servers: ServerProcess[] = []

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'arena-platform-'))
})
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()))
  rmSync(dir, { recursive: true, force: true })
})

async function start(runners: number, leaseMs?: number): Promise<ServerProcess> {
  // Every job here is a cpu one: no GPU runner starting Dawn beside them (auto would, on SwiftShader).
  const server = await startServerProcess({ dir, runners, leaseMs, env: { ARENA_GPU_RUNNERS: '0' } })
  servers.push(server)
  return server
}

async function submit(client: ApiClient, source: string, mode: 'samples' | 'full'): Promise<number> {
  const created = await client.mutation<{ id: number }>('submission.create', {
    challengeId: CHALLENGE,
    source,
    mode,
  })
  if (!created.ok) throw new Error(created.error.message)
  return created.data.id
}

function untilDone(client: ApiClient, id: number, timeoutMs = 90_000): Promise<SubmissionProgress[]> {
  return client.subscribe<SubmissionProgress>(
    'submission.progress',
    { id },
    { stopWhen: (event) => event.phase === 'done', timeoutMs },
  )
}

async function detail(client: ApiClient, id: number): Promise<SubmissionDetail> {
  const result = await client.query<SubmissionDetail>('submission.get', { id })
  if (!result.ok) throw new Error(result.error.message)
  return result.data
}

function readDb<T>(read: (db: Database.Database) => T): T {
  const db = new Database(path.join(dir, 'arena.sqlite'), { readonly: true })
  db.pragma('busy_timeout = 5000')
  try {
    return read(db)
  } finally {
    db.close()
  }
}

describe('the platform', () => {
  it('grades a Run and a Submit through the queue and a runner, with live progress', async () => {
    const server = await start(1)
    const client = new ApiClient(server.url)
    await client.signup('learner')

    const run = await submit(client, WRONG, 'samples')
    const runEvents = await untilDone(client, run)
    expect(runEvents.at(-1)).toEqual({ phase: 'done', status: 'WrongAnswer' })
    const failed = await detail(client, run)
    expect(failed).toMatchObject({ status: 'done', verdict: 'WrongAnswer', mode: 'samples', perf: null })
    expect(failed.message).toMatch(/sample test "three numbers"/)
    expect(failed.tests[0]).toMatchObject({
      name: 'three numbers',
      kind: 'sample',
      status: 'WrongAnswer',
      expected: '6',
      actual: '5',
    })

    const id = await submit(client, CORRECT, 'full')
    const events = await untilDone(client, id)
    const phases = events.map((event) => event.phase)
    expect(phases).toContain('compiling')
    expect(phases).toContain('testing')
    expect(phases).toContain('perf')
    expect(events.at(-1)).toEqual({ phase: 'done', status: 'Accepted' })

    const accepted = await detail(client, id)
    expect(accepted).toMatchObject({
      status: 'done',
      verdict: 'Accepted',
      runnerClass: 'cpu',
      attempt: 1,
      packVersion: '1',
    })
    expect(accepted.tests.map((test) => test.kind)).toEqual(['sample', 'sample', 'hidden', 'generated'])
    expect(accepted.perf?.cases[0]).toMatchObject({ name: 'small', size: 20_000 })
    expect(accepted.score).toBeGreaterThan(0)
    expect(accepted.tier).toMatch(/gold|silver|bronze/)

    // A late subscriber gets the outcome at once.
    expect(await untilDone(client, id)).toEqual([{ phase: 'done', status: 'Accepted' }])
    const list = await client.query<{ id: number }[]>('submission.list', { challengeId: CHALLENGE })
    expect(list.ok && list.data.map((row) => row.id)).toEqual([id, run])
    const map = await client.query<CourseMap>('course.map')
    const challenge = map.ok
      ? map.data.topics.flatMap((topic) => topic.challenges).find((c) => c.id === CHALLENGE)
      : undefined
    expect(challenge).toMatchObject({ progress: 'accepted', bestTier: accepted.tier })
    const distribution = await client.query<Distribution>('stats.distribution', {
      challengeId: CHALLENGE,
      submissionId: id,
    })
    expect(distribution).toMatchObject({
      ok: true,
      data: { scores: [accepted.score], you: { submissionId: id, others: 0 } },
    })
  })

  it('regrades a job whose runner was killed mid-grading, and stores one result', async () => {
    const server = await start(2, 1500)
    const client = new ApiClient(server.url)
    await client.signup('patient')
    const id = await submit(client, SLOW, 'full')

    await client.subscribe<SubmissionProgress>(
      'submission.progress',
      { id },
      { stopWhen: (event) => event.phase === 'testing' },
    )
    const owner = readDb((db) =>
      db.prepare(`SELECT owner FROM queue_jobs WHERE id = ?`).get(`submission-${id}`),
    ) as {
      owner: string
    }
    const pid = Number(owner.owner.split(':')[1])
    expect(pid).toBeGreaterThan(0)
    process.kill(pid, 'SIGKILL')

    const events = await untilDone(client, id)
    expect(events.at(-1)).toEqual({ phase: 'done', status: 'Accepted' })
    const result = await detail(client, id)
    expect(result).toMatchObject({ verdict: 'Accepted', status: 'done' })
    expect(result.attempt).toBeGreaterThanOrEqual(2)

    const stored = readDb((db) => ({
      tests: db.prepare('SELECT count(*) AS n FROM test_results WHERE submission_id = ?').get(id),
      metrics: db.prepare('SELECT count(*) AS n FROM metrics WHERE submission_id = ?').get(id),
      submissions: db.prepare('SELECT count(*) AS n FROM submissions').get(),
      job: db.prepare('SELECT state, attempt, owner FROM queue_jobs WHERE id = ?').get(`submission-${id}`),
    }))
    expect(stored).toEqual({
      tests: { n: 4 },
      metrics: { n: 1 },
      submissions: { n: 1 },
      job: { state: 'completed', attempt: result.attempt, owner: null },
    })
    expect(server.logs()).toMatch(/"signal":"SIGKILL".*runner exited/)
  }, 120_000)

  it('grades jobs queued before a restart after the restart', async () => {
    const first = await start(0)
    const client = new ApiClient(first.url)
    await client.signup('early')
    const id = await submit(client, CORRECT, 'samples')
    expect(await detail(client, id)).toMatchObject({ status: 'queued', verdict: null })
    expect(await first.stop()).toBe(0)

    const second = await start(1)
    // Same browser, new address: the session lives in the database, so it survived the restart too.
    const again = new ApiClient(second.url)
    for (const [name, value] of client.cookies) again.cookies.set(name, value)
    const events = await untilDone(again, id)
    expect(events.at(-1)).toEqual({ phase: 'done', status: 'Accepted' })
    expect(await detail(again, id)).toMatchObject({ status: 'done', verdict: 'Accepted', attempt: 1 })
    expect(readDb((db) => db.prepare('SELECT count(*) AS n FROM packs').get())).toEqual({ n: 1 })
  }, 120_000)
})
