// The dataset engine's job DAGs on a report (issue 20), through the server with its own runner and real
// gradings of the fixture challenge stop-word-count: the learner's job always, the reference's job (its
// plan, transformation by transformation) only for a viewer who may read the reference, as its profile.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SubmissionDetail } from '../api/types.ts'
import { REPO_ROOT } from '../config.ts'
import type { ApiClient } from '../testing/ApiClient.ts'
import { dataOf, signedUp } from '../testing/apiHelpers.ts'
import { startTestServer, type TestServer } from '../testing/testServer.ts'

let server: TestServer
const PACKS = path.join(REPO_ROOT, 'tests/fixtures/report-packs')
const CHALLENGE = 'dataset-fixture/stop-word-count'
const BASELINE = `import { dataset } from 'arena:dataset'
export async function solve(input: { file: string; stop: string[] }): Promise<[string, number][]> {
  const stop = dataset.broadcast(input.stop)
  const counts = await dataset
    .read(input.file, { partitions: 4 })
    .flatMap((line) => (line === '' ? [] : line.split(' ')))
    .filter((word, env) => !env.stop.value.includes(word), { stop })
    .map((word): [string, number] => [word, 1])
    .groupByKey()
    .map(([word, ones]): [string, number] => [word, ones.length])
    .collect()
  return counts.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
`

beforeAll(async () => {
  server = await startTestServer({
    challengesDir: PACKS,
    runners: 1,
    rateLimits: { loginPerMinute: 1000, signupPerMinute: 1000, submitPerMinute: 1000 },
  })
}, 120_000)
afterAll(() => server.stop())

async function submitAndWait(client: ApiClient): Promise<number> {
  const { id } = await dataOf<{ id: number }>(
    client.mutation('submission.create', { challengeId: CHALLENGE, source: BASELINE, mode: 'full' }),
  )
  for (let tries = 0; tries < 1200; tries++) {
    const detail = await dataOf<SubmissionDetail>(client.query('submission.get', { id }))
    if (detail.status === 'done') return id
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`submission ${id} was not graded in time`)
}

describe('the job DAGs of a report', () => {
  it('show the reference’s job only to those who may read the reference', async () => {
    const teacher = await signedUp(server, 'teacher-dag')
    const student = await signedUp(server, 'student-dag')
    const group = await dataOf<{ id: number; inviteCode: string }>(
      teacher.mutation('group.create', { name: 'DAG readers' }),
    )
    await dataOf(student.mutation('group.join', { code: group.inviteCode }))
    await dataOf(teacher.mutation('group.assign', { groupId: group.id, challengeId: CHALLENGE }))

    const id = await submitAndWait(student)
    const own = await dataOf<SubmissionDetail>(student.query('submission.get', { id }))
    expect(own.verdict, own.message ?? '').toBe('Accepted')
    const largest = own.perf?.cases.at(-1)
    expect(largest?.submission.jobGraphs?.jobs[0]?.stages).toHaveLength(2)
    // Accepted: the reference's plan is theirs to compare with.
    expect(largest?.reference.jobGraphs?.jobs[0]?.stages.length).toBeGreaterThan(2)

    // The instructor reads the student's report, but has not solved the challenge: the student's job,
    // the reference's counters, and nothing of the reference's plan.
    const read = await dataOf<SubmissionDetail>(teacher.query('submission.get', { id }))
    expect(read.readAs?.as).toBe('instructor')
    const seen = read.perf?.cases.at(-1)
    expect(seen?.submission.jobGraphs?.jobs[0]?.stages).toHaveLength(2)
    expect(seen?.reference.counters?.stages).toBeGreaterThan(2)
    expect(read.perf?.cases.every((perfCase) => perfCase.reference.jobGraphs === undefined)).toBe(true)
    expect(JSON.stringify(read)).not.toContain('reduceByKey (map side)')

    // Once the instructor has an Accepted Submit of their own, the reference's job shows too.
    await submitAndWait(teacher)
    const after = await dataOf<SubmissionDetail>(teacher.query('submission.get', { id }))
    expect(after.perf?.cases.at(-1)?.reference.jobGraphs?.jobs.length).toBeGreaterThan(0)
  }, 300_000)
})
