// The fleet as the server shows and guards it: the admins' runners page, queue limits at the door,
// "no runner online" for a job class, and pack versions served to remote runners by hash.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { findCurrentChallenge, findUserByUsername, insertSubmission, openDatabase } from '@arena/db'
import { loadPack } from '@arena/packs'
import { SqliteQueue } from '@arena/queue'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PackVersions } from '../../../runner/src/PackVersions.ts'
import type { SubmissionProgress } from '../api/types.ts'
import { enqueueSubmission } from '../grading/enqueueSubmission.ts'
import type { GradeQueue } from '../grading/gradeQueue.ts'
import { runnersOnlineFor } from '../runners/runnerAvailability.ts'
import type { ApiClient } from '../testing/ApiClient.ts'
import { FIXTURE_PACKS, startTestServer, type TestServer } from '../testing/testServer.ts'
import type { FleetView } from './fleetRouter.ts'

const TOKEN = 'a-fleet-token'
const CORRECT =
  'export function solve(input: Float64Array): number { return input.reduce((a, b) => a + b, 0) }'
let server: TestServer
let queue: GradeQueue

beforeAll(async () => {
  server = await startTestServer({
    runnerToken: TOKEN,
    queueLimits: { perUser: 2, perGroup: 3 },
    rateLimits: { loginPerMinute: 1000, signupPerMinute: 1000, submitPerMinute: 1000 },
  })
  // What a runner process sees: the same queue, through its own connection.
  queue = new SqliteQueue({ file: server.config.dbFile })
})
afterAll(async () => {
  await queue.close()
  await server.stop()
})

async function user(name: string, role?: 'admin'): Promise<ApiClient> {
  const client = server.client()
  const signed = await client.signup(name)
  if (!signed.ok) throw new Error(signed.error.message)
  if (role) {
    const db = new Database(server.config.dbFile)
    db.prepare(`UPDATE users SET role = ? WHERE username = ?`).run(role, name)
    db.close()
  }
  return client
}

function beat(id: string, runnerClass: string, currentJob: string | null = null) {
  return {
    id,
    runnerClass,
    host: 'gpu-box',
    pid: 42,
    name: id,
    startedAt: new Date(),
    jobsDone: 7,
    currentJob,
    beatMs: 60_000,
  }
}

describe('the runners page', () => {
  it('is for admins only, starts empty, then lists runners with class, state and job', async () => {
    const learner = await user('fleet-learner')
    const denied = await learner.query('fleet.overview')
    expect(denied).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

    const admin = await user('fleet-admin', 'admin')
    const empty = await admin.query<FleetView>('fleet.overview')
    expect(empty.ok && empty.data).toMatchObject({ queue: 'sqlite', runners: [] })

    await queue.announce(beat('cpu-1', 'cpu', 'submission-9'))
    await queue.announce(beat('gpu-1', 'gpu:swiftshader'))
    await queue.announce({ ...beat('gone', 'cpu'), stopped: true })
    const listed = await admin.query<FleetView>('fleet.overview')
    if (!listed.ok) throw new Error(listed.error.message)
    const byId = Object.fromEntries(listed.data.runners.map((runner) => [runner.id, runner]))
    expect(byId['cpu-1']).toMatchObject({ busy: true, online: true, currentJob: 'submission-9', jobsDone: 7 })
    expect(byId['gpu-1']).toMatchObject({ busy: false, online: true, runnerClass: 'gpu:swiftshader' })
    expect(byId.gone).toMatchObject({ online: false, busy: false, currentJob: null })
    const classes = Object.fromEntries(listed.data.classes.map((each) => [each.jobClass, each.runnersOnline]))
    expect(classes).toMatchObject({ cpu: 1, gpu: 1, 'gpu:swiftshader': 1 })
    await queue.announce({ ...beat('gpu-1', 'gpu:swiftshader'), stopped: true })
  })

  it('counts no runner for a gpu job while only cpu runners are online', async () => {
    const own = new SqliteQueue({ file: path.join(server.dir, 'availability.sqlite') })
    try {
      await own.announce(beat('cpu-only', 'cpu'))
      expect(await runnersOnlineFor(own, 'gpu')).toBe(0)
      expect(await runnersOnlineFor(own, 'cpu')).toBe(1)
      await own.announce(beat('nvidia', 'gpu:nvidia'))
      expect(await runnersOnlineFor(own, 'gpu')).toBe(1)
      expect(await runnersOnlineFor(own, 'gpu:swiftshader')).toBe(0)
    } finally {
      await own.close()
    }
  })
})

describe('a gpu job with no gpu runner online', () => {
  it('waits, and its live progress says no runner of its class is online', async () => {
    const learner = await user('gpu-learner')
    // A submission graded on the gpu family (what a `runners: [gpu]` challenge gets).
    const db = openDatabase(server.config.dbFile)
    const found = findCurrentChallenge(db, 'fixture/sum-array')!
    const submission = insertSubmission(db, {
      userId: findUserByUsername(db, 'gpu-learner')!.id,
      challengeId: found.challenge.id,
      challengeKey: found.challenge.key,
      packHash: found.pack.hash,
      source: CORRECT,
      mode: 'samples',
      runnerClass: 'gpu',
    })
    db.$client.close()
    await enqueueSubmission(queue, submission, 'fixture')
    await queue.announce(beat('cpu-only', 'cpu'))

    const events = await learner.subscribe<SubmissionProgress>(
      'submission.progress',
      { id: submission.id },
      { stopWhen: (event) => event.phase === 'queued', timeoutMs: 10_000 },
    )
    expect(events.at(-1)).toEqual({
      phase: 'queued',
      ahead: 0,
      runnersOnline: 0,
      runnerClass: 'gpu',
      waitEstimateMs: null,
    })
    // The cpu runner does not take it.
    expect(await queue.claim('cpu', 'cpu-only', 1000)).toBeNull()
    expect((await queue.get(`submission-${submission.id}`))?.state).toBe('queued')
    // The submission's page says the same.
    const detail = await learner.query<{ status: string; runnersOnline?: number }>('submission.get', {
      id: submission.id,
    })
    expect(detail.ok && detail.data).toMatchObject({ status: 'queued', runnersOnline: 0, runnerClass: 'gpu' })
  })
})

/** The whole error of a refused submission, `data` included (ApiClient keeps only part of it). */
async function refusalData(client: ApiClient): Promise<unknown> {
  const response = await fetch(`${server.url}/trpc/submission.create`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-csrf-token': client.cookies.get('arena_csrf') ?? '',
      cookie: [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
    },
    body: JSON.stringify({ challengeId: 'fixture/sum-array', source: CORRECT, mode: 'samples' }),
  })
  return ((await response.json()) as { error: { data: unknown } }).error.data
}

describe('queue limits', () => {
  const submit = (client: ApiClient) =>
    client.mutation<{ id: number }>('submission.create', {
      challengeId: 'fixture/sum-array',
      source: CORRECT,
      mode: 'samples',
    })

  it('refuses a user over their limit, and a group over its limit, with what to do', async () => {
    const busy = await user('limit-busy')
    expect((await submit(busy)).ok).toBe(true)
    expect((await submit(busy)).ok).toBe(true)
    const third = await submit(busy)
    expect(third).toMatchObject({ ok: false, error: { code: 'TOO_MANY_REQUESTS' } })
    // The page says it in the learner's language from the error's data.
    expect(await refusalData(busy)).toMatchObject({ queueLimit: { scope: 'user', count: 2, limit: 2 } })
    expect(!third.ok && third.error.message).toMatch(
      /2 submissions waiting to be graded \(at most 2 at once\)/,
    )

    const owner = await user('limit-owner')
    const group = await owner.mutation<{ id: number; inviteCode: string }>('group.create', { name: 'Limits' })
    if (!group.ok) throw new Error(group.error.message)
    const members = [await user('limit-a'), await user('limit-b')]
    for (const member of members) {
      const joined = await member.mutation('group.join', { code: group.data.inviteCode })
      expect(joined.ok).toBe(true)
    }
    const made = [await submit(members[0]!), await submit(members[0]!), await submit(members[1]!)]
    expect(made.every((each) => each.ok)).toBe(true)
    const over = await submit(members[1]!)
    expect(over).toMatchObject({ ok: false, error: { code: 'TOO_MANY_REQUESTS' } })
    expect(await refusalData(members[1]!)).toMatchObject({
      queueLimit: { scope: 'group', count: 3, limit: 3 },
    })
    expect(!over.ok && over.error.message).toMatch(/Your study group has 3 submissions waiting/)

    // Their jobs carry the group as their fair-share key (the queue takes groups in turns).
    for (const each of made) {
      const job = await queue.get(`submission-${each.ok ? each.data.id : 0}`)
      expect(job?.group).toBe(`group-${group.data.id}`)
    }
    const mine = await busy.query<{ id: number }[]>('submission.list')
    if (!mine.ok) throw new Error(mine.error.message)
    expect((await queue.get(`submission-${mine.data[0]!.id}`))?.group).toMatch(/^user-\d+$/)
  })
})

describe('pack versions for remote runners', () => {
  it('serves a stored version by hash to a runner with the token, and nothing without it', async () => {
    const pack = await loadPack(path.join(FIXTURE_PACKS, 'fixture'))
    const address = `${server.url}/runner/packs/fixture/${pack.hash}`
    expect((await fetch(address)).status).toBe(401)
    expect((await fetch(address, { headers: { authorization: 'Bearer wrong-token!' } })).status).toBe(401)
    const missing = await fetch(`${server.url}/runner/packs/fixture/${'0'.repeat(64)}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    })
    expect(missing.status).toBe(404)

    const dir = mkdtempSync(path.join(tmpdir(), 'arena-remote-runner-'))
    try {
      // A runner on another machine: no challenges, no store; the server is its only source.
      const versions = new PackVersions(path.join(dir, 'challenges'), path.join(dir, 'store'), {
        serverUrl: server.url,
        token: TOKEN,
        cacheDir: path.join(dir, 'cache'),
      })
      const { pack: fetched, challenge } = await versions.challenge('fixture', pack.hash, 'sum-array')
      expect(fetched.hash).toBe(pack.hash)
      expect(fetched.dir).toBe(path.join(dir, 'cache', pack.hash, 'fixture'))
      expect(challenge.id).toBe('sum-array')

      // Cached: a new runner process finds it without the server.
      const offline = new PackVersions(path.join(dir, 'challenges'), undefined, {
        serverUrl: 'http://127.0.0.1:9',
        token: TOKEN,
        cacheDir: path.join(dir, 'cache'),
      })
      expect((await offline.pack('fixture', pack.hash)).hash).toBe(pack.hash)
      const unreachable = offline.pack('fixture', 'f'.repeat(64))
      await expect(unreachable).rejects.toThrow(/Could not reach the server/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('fair share through the server', () => {
  it('grades a later group between the jobs of an earlier burst, not after it', async () => {
    const roomy = await startTestServer({
      rateLimits: { loginPerMinute: 1000, signupPerMinute: 1000, submitPerMinute: 1000 },
    })
    const runnerSide = new SqliteQueue({ file: roomy.config.dbFile })
    try {
      const inGroup = async (name: string, owner: string) => {
        const creator = roomy.client()
        await creator.signup(owner)
        const group = await creator.mutation<{ inviteCode: string }>('group.create', { name })
        if (!group.ok) throw new Error(group.error.message)
        const learner = roomy.client()
        await learner.signup(`${owner}-learner`)
        await learner.mutation('group.join', { code: group.data.inviteCode })
        return learner
      }
      const early = await inGroup('Early birds', 'fair-a')
      const late = await inGroup('Late group', 'fair-b')
      const send = async (client: ApiClient) => {
        const made = await client.mutation<{ id: number }>('submission.create', {
          challengeId: 'fixture/sum-array',
          source: CORRECT,
          mode: 'samples',
        })
        if (!made.ok) throw new Error(made.error.message)
        return `submission-${made.data.id}`
      }
      const burst = [await send(early), await send(early), await send(early), await send(early)]
      const after = [await send(late), await send(late)]
      const order: string[] = []
      for (
        let next = await runnerSide.claim('cpu', 'r', 60_000);
        next;
        next = await runnerSide.claim('cpu', 'r', 60_000)
      ) {
        order.push(next.job.id)
      }
      expect(order).toEqual([burst[0], after[0], burst[1], after[1], burst[2], burst[3]])
    } finally {
      await runnerSide.close()
      await roomy.stop()
    }
  })
})

describe('a runner that dies while no other runner of its class is online', () => {
  it('has its job put back in the queue by the server, to wait for the next one', async () => {
    const quick = await startTestServer({ leaseMs: 500 })
    const runnerSide = new SqliteQueue({ file: quick.config.dbFile })
    try {
      await runnerSide.enqueue({ id: 'gpu-job', runnerClass: 'gpu', payload: {} })
      const claimed = await runnerSide.claim('gpu:swiftshader', 'dies-now', 500)
      expect(claimed?.job.id).toBe('gpu-job')
      // No heartbeat, and no other runner claims: the server's sweeper notices.
      await expect
        .poll(async () => (await runnerSide.get('gpu-job'))?.state, { timeout: 10_000 })
        .toBe('queued')
    } finally {
      await runnerSide.close()
      await quick.stop()
    }
  })
})
