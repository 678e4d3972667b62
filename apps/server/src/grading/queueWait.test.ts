// Issue 17, point 1: a learner whose submission waits sees their place in the queue and an estimate of
// the wait, from the real server's API and live events: the median of recent gradings of its mode and
// class, the Runs and Submits ahead of it, and the runners online (here one announced and held busy).
import { type RunnerBeat, SqliteQueue } from '@arena/queue'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SubmissionDetail, SubmissionProgress } from '../api/types.ts'
import type { ApiClient } from '../testing/ApiClient.ts'
import { completeWith } from '../testing/fakeRunner.ts'
import { startTestServer, type TestServer } from '../testing/testServer.ts'
import type { GradeQueue } from './gradeQueue.ts'

const CHALLENGE = 'fixture/sum-array'
const SOURCE =
  'export function solve(input: Float64Array): number { return input.reduce((a, b) => a + b, 0) }'
let server: TestServer
/** What a runner sees: the server's queue, through its own connection. */
let queue: GradeQueue

beforeAll(async () => {
  server = await startTestServer({
    rateLimits: { loginPerMinute: 1000, signupPerMinute: 1000, submitPerMinute: 1000 },
  })
  queue = new SqliteQueue({ file: server.config.dbFile })
})
afterAll(async () => {
  await queue.close()
  await server.stop()
})

async function learner(name: string): Promise<ApiClient> {
  const client = server.client()
  const signed = await client.signup(name)
  if (!signed.ok) throw new Error(signed.error.message)
  return client
}

async function create(client: ApiClient, mode: 'samples' | 'full'): Promise<number> {
  const created = await client.mutation<{ id: number }>('submission.create', {
    challengeId: CHALLENGE,
    source: SOURCE,
    mode,
  })
  if (!created.ok) throw new Error(created.error.message)
  return created.data.id
}

async function detail(client: ApiClient, id: number): Promise<SubmissionDetail> {
  const read = await client.query<SubmissionDetail>('submission.get', { id })
  if (!read.ok) throw new Error(read.error.message)
  return read.data
}

/** A grading that took `tookMs`, stored by the server like any result. */
async function graded(client: ApiClient, mode: 'samples' | 'full', tookMs: number): Promise<void> {
  const id = await create(client, mode)
  await completeWith(server.config.dbFile, id, { verdict: 'Accepted', tookMs })
  for (let tries = 0; tries < 200; tries++) {
    if ((await detail(client, id)).status === 'done') return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`submission ${id} was not stored`)
}

function beat(id: string, currentJob: string | null): RunnerBeat {
  return {
    id,
    runnerClass: 'cpu',
    host: 'test',
    pid: 1,
    name: id,
    startedAt: new Date(),
    jobsDone: 3,
    currentJob,
    beatMs: 60_000,
  }
}

describe('the wait of a queued submission', () => {
  it('is estimated from recent gradings, the Runs and Submits ahead and the runners online, live too', async () => {
    const ada = await learner('ada-waits')
    // History: Submits that took 20, 30 and 40 s (median 30 s), Runs of 200-300 ms (median 250 ms).
    for (const tookMs of [20_000, 40_000, 30_000]) await graded(ada, 'full', tookMs)
    for (const tookMs of [200, 300]) await graded(ada, 'samples', tookMs)

    // Three Submits from three learners wait, and no runner is online: no estimate, the page says why.
    const [bob, cy, dee] = await Promise.all(['bob-waits', 'cy-waits', 'dee-waits'].map(learner))
    const first = await create(bob!, 'full')
    await create(cy!, 'full')
    const third = await create(dee!, 'full')
    expect(await detail(dee!, third)).toMatchObject({
      status: 'queued',
      queueAhead: 2,
      runnersOnline: 0,
      waitEstimateMs: null,
    })

    // A runner comes online, busy with another Submit: the third waits for the one it holds (half a
    // median Submit) and the two ahead, 2.5 x 30 s.
    await queue.announce(beat('runner-busy', 'submission-elsewhere'))
    expect(await detail(dee!, third)).toMatchObject({
      queueAhead: 2,
      runnersOnline: 1,
      waitEstimateMs: 75_000,
    })

    // A Run goes before every Submit, but a runner's lane takes it: it adds half a Run, not a Submit.
    const run = await create(ada, 'samples')
    expect(await detail(dee!, third)).toMatchObject({ queueAhead: 3, waitEstimateMs: 75_125 })
    // The Run itself waits only for the Run the lane holds.
    expect(await detail(ada, run)).toMatchObject({ status: 'queued', queueAhead: 0, waitEstimateMs: 125 })

    // Live: the first `queued` event says the same, and a new one comes when the place changes.
    const live = dee!.subscribe<SubmissionProgress>(
      'submission.progress',
      { id: third },
      { stopWhen: (event) => event.phase === 'queued' && event.ahead === 1, timeoutMs: 15_000 },
    )
    await new Promise((resolve) => setTimeout(resolve, 500))
    // The runner takes the Run, then the first Submit.
    expect((await queue.claim('cpu', 'runner-busy', 60_000))?.job.id).toBe(`submission-${run}`)
    expect((await queue.claim('cpu', 'runner-busy', 60_000))?.job.id).toBe(`submission-${first}`)
    const events = await live
    expect(events[0]).toEqual({
      phase: 'queued',
      ahead: 3,
      runnersOnline: 1,
      runnerClass: 'cpu',
      waitEstimateMs: 75_125,
    })
    expect(events.at(-1)).toEqual({
      phase: 'queued',
      ahead: 1,
      runnersOnline: 1,
      runnerClass: 'cpu',
      waitEstimateMs: 45_000,
    })

    // A second runner shares the Submits ahead.
    await queue.announce(beat('runner-two', 'submission-elsewhere-2'))
    expect(await detail(dee!, third)).toMatchObject({
      queueAhead: 1,
      runnersOnline: 2,
      waitEstimateMs: 22_500,
    })

    // Both stop: back to no estimate.
    await queue.announce({ ...beat('runner-busy', null), stopped: true })
    await queue.announce({ ...beat('runner-two', null), stopped: true })
    expect(await detail(dee!, third)).toMatchObject({ runnersOnline: 0, waitEstimateMs: null })
  })
})
