// The grade result contract on the server (issue 16, point 1): a runner's result is read against the
// grader's schema before it is stored, and the submission view serves the stored result whole, so the
// page gets what the engines counted (both sides of every perf case), the timeline and the scaling.
// Real server, real SQLite queue; the runner's result is one recorded from a real grading.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { GradeResult } from '@arena/grader'
import { type GradeJobPayload, gradeJobId, SqliteQueue } from '@arena/queue'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SubmissionDetail } from '../api/types.ts'
import { REPO_ROOT } from '../config.ts'
import type { ApiClient } from '../testing/ApiClient.ts'
import { startTestServer, type TestServer } from '../testing/testServer.ts'

const CHALLENGE = 'fixture/sum-array'
const recordedPool = JSON.parse(
  readFileSync(path.join(REPO_ROOT, 'tests/fixtures/results/pool.json'), 'utf8'),
) as GradeResult

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({
    rateLimits: { loginPerMinute: 1000, signupPerMinute: 1000, submitPerMinute: 1000 },
  })
})
afterAll(() => server.stop())

/** Submits, then completes the job with `result` as a runner would, and waits for the stored view. */
async function submitCompletedWith(client: ApiClient, result: unknown): Promise<SubmissionDetail> {
  const created = await client.mutation<{ id: number }>('submission.create', {
    challengeId: CHALLENGE,
    source: 'export function solve(input: Float64Array): number { return 0 }',
    mode: 'full',
  })
  if (!created.ok) throw new Error(created.error.message)
  const id = created.data.id
  const queue = new SqliteQueue<GradeJobPayload, unknown, never>({ file: server.config.dbFile })
  try {
    const claimed = await queue.claim('cpu', 'recorded:0', 30_000)
    if (claimed?.job.id !== gradeJobId(id)) throw new Error('the job to complete was not claimed')
    await queue.complete(claimed.lease, result)
  } finally {
    await queue.close()
  }
  for (let tries = 0; tries < 200; tries++) {
    const detail = await client.query<SubmissionDetail>('submission.get', { id })
    if (detail.ok && detail.data.status === 'done') return detail.data
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`submission ${id} was not stored`)
}

describe('the grade result contract on the server', () => {
  it('serves the stored result whole: counters of both sides, the timeline and the scaling', async () => {
    const client = server.client()
    await client.signup('ada-contract')
    const detail = await submitCompletedWith(client, { ...recordedPool, challenge: CHALLENGE })
    expect(detail.verdict).toBe('Accepted')
    const largest = detail.perf?.cases.at(-1)
    const recordedLargest = recordedPool.perf?.cases.at(-1)
    expect(largest?.submission.counters).toEqual(recordedLargest?.submission.counters)
    expect(largest?.reference.counters?.worker0BusyNs).toBe(
      recordedLargest?.reference.counters?.worker0BusyNs,
    )
    expect(detail.metrics?.counters?.busyNs).toBe(recordedPool.metrics?.counters?.busyNs)
    expect(detail.metrics?.timeline).toHaveLength(recordedPool.metrics?.timeline?.length ?? -1)
    expect(detail.parallel).toEqual(recordedPool.parallel)
    expect(detail.perf?.score).toBe(recordedPool.perf?.score)
  })

  it('stores a result of another version or shape as a failure naming the contract, not half-read', async () => {
    const client = server.client()
    await client.signup('bob-contract')
    const newer = await submitCompletedWith(client, { ...recordedPool, challenge: CHALLENGE, version: 2 })
    expect(newer.verdict).toBe('InternalError')
    expect(newer.message).toContain('grade result contract (its version is 2, this release reads version 1)')
    expect(newer.perf).toBeNull()

    const perf = recordedPool.perf as NonNullable<GradeResult['perf']>
    const misshapen = { ...recordedPool, challenge: CHALLENGE, perf: { ...perf, cases: [{ name: 'x' }] } }
    const wrong = await submitCompletedWith(client, misshapen)
    expect(wrong.verdict).toBe('InternalError')
    expect(wrong.message).toContain('perf.cases.0.size')
    expect(wrong.tier).toBeNull()
  })
})
