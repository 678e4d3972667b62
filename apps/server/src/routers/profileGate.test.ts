// Where the time went (issue 18.1), through the server with its own runner and real gradings: a full
// Submit's report carries the learner's profile, and the reference's profile only for a viewer who may
// read the reference (an Accepted Submit on the challenge, the pack's owner, an admin: the gate of the
// editorial and the reference, 18.3). A group's instructor reading a student's submission before
// solving the challenge sees the student's profile, not the reference's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SubmissionDetail } from '../api/types.ts'
import type { ApiClient } from '../testing/ApiClient.ts'
import { dataOf, signedUp } from '../testing/apiHelpers.ts'
import { startTestServer, type TestServer } from '../testing/testServer.ts'

let server: TestServer
const CHALLENGE = 'fixture/sum-array'
/** Correct, and slow enough on the largest case for the profiler to sample its loop. */
const SLOW_SOURCE = `export function solve(input: Float64Array): number {
  let sum = 0
  for (let round = 0; round < 40; round++) for (let i = 0; i < input.length; i++) sum += round === 0 ? input[i]! : 0
  return sum
}
`

beforeAll(async () => {
  server = await startTestServer({
    runners: 1,
    rateLimits: { loginPerMinute: 1000, signupPerMinute: 1000, submitPerMinute: 1000 },
  })
}, 120_000)
afterAll(() => server.stop())

/** Submits for real and waits for the embedded runner's result. */
async function submitAndWait(client: ApiClient, source: string): Promise<number> {
  const { id } = await dataOf<{ id: number }>(
    client.mutation('submission.create', { challengeId: CHALLENGE, source, mode: 'full' }),
  )
  for (let tries = 0; tries < 600; tries++) {
    const detail = await dataOf<SubmissionDetail>(client.query('submission.get', { id }))
    if (detail.status === 'done') return id
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`submission ${id} was not graded in time`)
}

describe('the profiles of a report', () => {
  it('show the reference’s profile only to those who may read the reference', async () => {
    const teacher = await signedUp(server, 'teacher-profile')
    const student = await signedUp(server, 'student-profile')
    const group = await dataOf<{ id: number; inviteCode: string }>(
      teacher.mutation('group.create', { name: 'Profile readers' }),
    )
    await dataOf(student.mutation('group.join', { code: group.inviteCode }))
    await dataOf(teacher.mutation('group.assign', { groupId: group.id, challengeId: CHALLENGE }))

    const id = await submitAndWait(student, SLOW_SOURCE)
    const own = await dataOf<SubmissionDetail>(student.query('submission.get', { id }))
    expect(own.verdict).toBe('Accepted')
    if (!own.profile?.submission.ok) throw new Error(`no profile: ${JSON.stringify(own.profile)}`)
    // The learner's hot line is their own loop, with its text.
    expect(own.profile.submission.profile.hotLines[0]).toMatchObject({ line: 3 })
    expect(own.profile.submission.profile.hotLines[0]?.text).toContain('for (let round = 0')
    // Accepted: the reference's profile is theirs to compare with.
    expect(own.profile.reference?.ok).toBe(true)

    // The instructor reads the student's report, but has not solved the challenge.
    const read = await dataOf<SubmissionDetail>(teacher.query('submission.get', { id }))
    expect(read.readAs?.as).toBe('instructor')
    expect(read.profile?.submission.ok).toBe(true)
    expect(read.profile).not.toHaveProperty('reference')
    // Nothing of the reference's lines reaches them either.
    expect(JSON.stringify(read)).not.toContain('sum += input[i]!')

    // Once the instructor has an Accepted Submit of their own, the reference's profile shows too.
    await submitAndWait(teacher, SLOW_SOURCE)
    const after = await dataOf<SubmissionDetail>(teacher.query('submission.get', { id }))
    expect(after.profile?.reference?.ok).toBe(true)
  }, 240_000)
})
