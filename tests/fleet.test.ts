// The runner fleet under failure: a real server, three runner processes of our own (as on other
// machines), 80 submissions; one runner SIGKILLed in the middle of a job and (BullMQ) Redis restarted
// once. Every submission must end with exactly one stored result: none lost, none stored twice.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ApiClient } from '../apps/server/src/testing/ApiClient.ts'
import { type RedisServer, startRedisServer } from '../packages/queue/src/testing/redisServer.ts'
import { type ServerProcess, startServerProcess } from './helpers/serverProcess.ts'

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url))
const RUNNER_MAIN = path.join(REPO_ROOT, 'apps/runner/src/main.ts')
const TSX = createRequire(import.meta.url).resolve('tsx')
const CHALLENGE = 'fixture/sum-array'
const SUBMISSIONS = 80
const USERS = 4
const LEASE_MS = 2000
const TOKEN = 'fleet-test-token'
// Correct; each call spins 20 ms, so a runner is in the middle of a job most of the time.
const SOLUTION = `export function solve(input: Float64Array): number {
  const until = Date.now() + 20
  while (Date.now() < until) {}
  let sum = 0
  for (let i = 0; i < input.length; i++) sum += input[i]!
  return sum
}`

interface RunnerProcess {
  child: ChildProcess
  /** The runner's JSON log lines so far. */
  lines: Record<string, unknown>[]
  exited: Promise<void>
}

let dir: string
let redis: RedisServer | undefined
let server: ServerProcess | undefined
const runners: RunnerProcess[] = []
const savedEnv = { ...process.env }

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'arena-fleet-'))
})
afterEach(async () => {
  for (const runner of runners.splice(0)) {
    runner.child.kill('SIGKILL')
    await runner.exited
  }
  await server?.stop()
  server = undefined
  await redis?.stop()
  redis = undefined
  process.env = { ...savedEnv }
  rmSync(dir, { recursive: true, force: true })
})

/** A runner as on another machine: no challenges folder, no pack store; packs come from the server. */
function startRunner(index: number, queueArgs: string[], serverUrl: string): RunnerProcess {
  const empty = path.join(dir, `runner-${index}`)
  mkdirSync(path.join(empty, 'challenges'), { recursive: true })
  const child = spawn(
    process.execPath,
    [
      '--no-node-snapshot',
      '--import',
      TSX,
      RUNNER_MAIN,
      ...queueArgs,
      '--server',
      serverUrl,
      '--challenges',
      path.join(empty, 'challenges'),
      '--pack-store',
      path.join(empty, 'store'),
      '--pack-cache',
      path.join(empty, 'cache'),
      '--lease-ms',
      String(LEASE_MS),
      '--idle-ms',
      '50',
      '--name',
      `fleet-${index}`,
    ],
    { cwd: REPO_ROOT, env: { ...process.env, ARENA_RUNNER_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const runner: RunnerProcess = {
    child,
    lines: [],
    exited: new Promise((resolve) => child.once('exit', () => resolve())),
  }
  let buffered = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString()
    const lines = buffered.split('\n')
    buffered = lines.pop() ?? ''
    for (const line of lines) {
      try {
        runner.lines.push(JSON.parse(line) as Record<string, unknown>)
      } catch {
        // not a log line
      }
    }
  })
  child.stderr?.resume()
  runners.push(runner)
  return runner
}

/** The job a runner works on now, from its log ('working' without its 'done' yet), or null. */
function busyWith(runner: RunnerProcess): string | null {
  let current: string | null = null
  for (const line of runner.lines) {
    if (line.msg === 'working') current = String(line.job)
    else if (line.job === current && (line.msg === 'done' || line.msg === 'job failed')) current = null
  }
  return current
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

function storedAlready(job: string): boolean {
  const id = Number(job.replace('submission-', ''))
  return readDb(
    (db) =>
      (db.prepare(`SELECT status FROM submissions WHERE id = ?`).get(id) as { status: string } | undefined)
        ?.status === 'done',
  )
}

function doneCount(): number {
  return readDb(
    (db) =>
      (db.prepare(`SELECT count(*) AS n FROM submissions WHERE status = 'done'`).get() as { n: number }).n,
  )
}

async function until(what: string, condition: () => boolean, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(100)
  }
}

async function submitAll(serverUrl: string): Promise<number[]> {
  const clients = await Promise.all(
    Array.from({ length: USERS }, async (_, index) => {
      const client = new ApiClient(serverUrl)
      const signed = await client.signup(`fleet${index}`)
      if (!signed.ok) throw new Error(signed.error.message)
      return client
    }),
  )
  const ids: number[] = []
  for (let n = 0; n < SUBMISSIONS; n++) {
    const client = clients[n % USERS]!
    const created = await client.mutation<{ id: number }>('submission.create', {
      challengeId: CHALLENGE,
      source: SOLUTION,
      mode: 'samples',
    })
    if (!created.ok) throw new Error(created.error.message)
    ids.push(created.data.id)
  }
  return ids
}

/**
 * The scenario: submit, kill a runner in the middle of a job, (optionally) restart Redis, and check
 * that every submission has exactly one result.
 */
async function fleetSurvives(queueArgs: () => string[], restartRedis: (() => Promise<void>) | null) {
  Object.assign(process.env, {
    ARENA_RUNNER_TOKEN: TOKEN,
    ARENA_GPU_RUNNERS: '0',
    ARENA_RATE_SUBMIT: '100000',
    ARENA_QUEUE_PER_USER: '100000',
    ARENA_QUEUE_PER_GROUP: '100000',
  })
  server = await startServerProcess({ dir, runners: 0, leaseMs: LEASE_MS })
  const serverUrl = server.url
  const fleet = [0, 1, 2].map((index) => startRunner(index, queueArgs(), serverUrl))
  const ids = await submitAll(serverUrl)

  // One runner dies in the middle of a job.
  await until('a few results', () => doneCount() >= 20)
  const victim = fleet[0]!
  // Frozen first, so that what it logged is all it did: killed only if that shows it mid-job.
  let killedJob: string | null = null
  while (!killedJob) {
    await until('the victim to be busy', () => busyWith(victim) !== null, 60_000)
    victim.child.kill('SIGSTOP')
    await sleep(200)
    killedJob = busyWith(victim)
    // Its log can lag its work: a job whose result the server already stored is not mid-job.
    if (killedJob && storedAlready(killedJob)) killedJob = null
    victim.child.kill(killedJob ? 'SIGKILL' : 'SIGCONT')
  }
  await victim.exited

  if (restartRedis) {
    await until('half the results', () => doneCount() >= SUBMISSIONS / 2)
    await restartRedis()
  }
  await until('every result', () => doneCount() === SUBMISSIONS)

  const stored = readDb((db) => ({
    verdicts: db.prepare(`SELECT verdict, count(*) AS n FROM submissions GROUP BY verdict`).all(),
    // What went wrong, where something did: the assertion's message shows it.
    faults: db
      .prepare(
        `SELECT id, attempt, verdict, message FROM submissions WHERE verdict IS NOT 'Accepted' LIMIT 5`,
      )
      .all(),
    testsPerSubmission: db
      .prepare(
        `SELECT n, count(*) AS submissions FROM
           (SELECT s.id, count(t.submission_id) AS n FROM submissions s
              LEFT JOIN test_results t ON t.submission_id = s.id GROUP BY s.id)
         GROUP BY n`,
      )
      .all(),
    killed: db
      .prepare(`SELECT attempt, verdict FROM submissions WHERE id = ?`)
      .get(Number(String(killedJob).replace('submission-', ''))),
  }))
  expect(stored.verdicts, JSON.stringify(stored.faults)).toEqual([{ verdict: 'Accepted', n: SUBMISSIONS }])
  // Two sample tests each, stored once: a job graded twice did not store twice.
  expect(stored.testsPerSubmission).toEqual([{ n: 2, submissions: SUBMISSIONS }])
  expect(stored.killed).toMatchObject({ verdict: 'Accepted' })
  expect((stored.killed as { attempt: number }).attempt).toBeGreaterThanOrEqual(2)

  // The server stored each submission's result exactly once (its log lines trail the database a little).
  const graded = () => {
    const counts = new Map<number, number>()
    for (const line of server!.logs().split('\n')) {
      const match = /"submissionId":(\d+).*"msg":"submission graded"/.exec(line)
      if (match) counts.set(Number(match[1]), (counts.get(Number(match[1])) ?? 0) + 1)
    }
    return counts
  }
  await until('the server to log every result', () => graded().size === SUBMISSIONS, 30_000)
  await sleep(500) // a second "graded" of some submission would show up by now
  expect([...graded().keys()].sort((a, b) => a - b)).toEqual(ids)
  expect([...graded().values()].every((count) => count === 1)).toBe(true)

  // The survivors did the work, with the pack downloaded from the server by hash.
  const survivors = fleet.slice(1)
  expect(survivors.every((runner) => runner.lines.some((line) => line.msg === 'done'))).toBe(true)
  return { killedJob }
}

describe('the runner fleet', () => {
  it(`BullMQ: ${SUBMISSIONS} submissions, a runner killed mid-job and Redis restarted: one result each`, async () => {
    redis = await startRedisServer()
    const url = redis.url
    process.env.REDIS_URL = url
    await fleetSurvives(
      () => ['--redis', url, '--stalled-interval-ms', '500'],
      () => redis!.restart(),
    )
  }, 420_000)

  it(`SQLite: ${SUBMISSIONS} submissions and a runner killed mid-job: one result each`, async () => {
    delete process.env.REDIS_URL
    await fleetSurvives(() => ['--db', path.join(dir, 'arena.sqlite')], null)
  }, 420_000)
})
