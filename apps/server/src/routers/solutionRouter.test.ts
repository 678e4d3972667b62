// After you solve it (issue 18.3) and instructors who read their students' code (18.5): the editorial,
// the reference and shared solutions open only after an Accepted Submit; a submission is readable by
// its author, by a fellow solver it was shared with, and by the instructors of a group that assigns
// the challenge to its author. Everyone else gets the answer of an id that does not exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AfterSolveView, SubmissionDetail } from '../api/types.ts'
import { dataOf, signedUp } from '../testing/apiHelpers.ts'
import { submitGraded } from '../testing/fakeRunner.ts'
import { startTestServer, type TestServer } from '../testing/testServer.ts'

let server: TestServer
const CHALLENGE = 'fixture/sum-array'

beforeAll(async () => {
  server = await startTestServer({
    rateLimits: { loginPerMinute: 1000, signupPerMinute: 1000, submitPerMinute: 1000 },
  })
})
afterAll(() => server.stop())

const learner = (name: string) => signedUp(server, name)
const data = dataOf

const accepted = { verdict: 'Accepted', tier: 'gold', score: 1.2 } as const
const notFound = { ok: false, error: { code: 'NOT_FOUND' } }

describe('after you solve it', () => {
  it('stays locked until an Accepted Submit, then shows the editorial in both languages and the reference', async () => {
    const ada = await learner('ada-after')
    const locked = await data<AfterSolveView>(ada.query('solution.afterSolve', { challengeId: CHALLENGE }))
    expect(locked).toEqual({ challengeId: CHALLENGE, unlocked: false })
    expect(JSON.stringify(locked)).not.toContain('solve')

    await submitGraded(ada, server.config.dbFile, CHALLENGE, { verdict: 'WrongAnswer' })
    expect(await data(ada.query('solution.afterSolve', { challengeId: CHALLENGE }))).toMatchObject({
      unlocked: false,
    })
    await submitGraded(ada, server.config.dbFile, CHALLENGE, accepted)
    const view = await data<AfterSolveView>(ada.query('solution.afterSolve', { challengeId: CHALLENGE }))
    if (!view.unlocked) throw new Error('still locked after an Accepted Submit')
    expect(view.editorial).toContain('## The idea')
    expect(view.editorial_ko).toContain('## 아이디어')
    expect(view.reference).toContain('export function solve')
    expect(view.community).toEqual([])

    const visitor = server.client()
    await visitor.visit()
    expect(await visitor.query('solution.afterSolve', { challengeId: CHALLENGE })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    })
  })

  it('lists shared solutions, best first, readable only by those who solved the challenge', async () => {
    const kim = await learner('kim-share')
    const lee = await learner('lee-share')
    const newcomer = await learner('new-share')
    const kimId = await submitGraded(kim, server.config.dbFile, CHALLENGE, {
      ...accepted,
      score: 0.8,
      tier: 'silver',
    })
    const leeId = await submitGraded(lee, server.config.dbFile, CHALLENGE, accepted)
    const wrong = await submitGraded(kim, server.config.dbFile, CHALLENGE, { verdict: 'WrongAnswer' })

    // Not shared yet: a fellow solver cannot open it.
    expect(await lee.query('submission.get', { id: kimId })).toMatchObject(notFound)
    expect(await data(kim.mutation('submission.share', { id: kimId, shared: true }))).toEqual({
      shared: true,
    })
    expect(await data(lee.mutation('submission.share', { id: leeId, shared: true }))).toEqual({
      shared: true,
    })
    // Only one's own Accepted Submit can be shared.
    expect(await kim.mutation('submission.share', { id: wrong, shared: true })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    })
    expect(await lee.mutation('submission.share', { id: kimId, shared: false })).toMatchObject(notFound)

    const view = await data<AfterSolveView>(lee.query('solution.afterSolve', { challengeId: CHALLENGE }))
    if (!view.unlocked) throw new Error('locked for a solver')
    const shared = view.community.filter((row) => row.author === 'kim-share' || row.author === 'lee-share')
    expect(shared.map((row) => [row.author, row.score, row.mine])).toEqual([
      ['lee-share', 1.2, true],
      ['kim-share', 0.8, false],
    ])
    const read = await data<SubmissionDetail>(lee.query('submission.get', { id: kimId }))
    expect(read.readAs).toEqual({ author: 'kim-share', as: 'solver' })
    expect(read.source).toContain('export function solve')
    expect((await data<SubmissionDetail>(kim.query('submission.get', { id: kimId }))).shared).toBe(true)

    // Someone who has not solved it sees neither the list nor the code.
    expect(await data(newcomer.query('solution.afterSolve', { challengeId: CHALLENGE }))).toMatchObject({
      unlocked: false,
    })
    expect(await newcomer.query('submission.get', { id: kimId })).toMatchObject(notFound)
    // Unsharing closes it again.
    await data(kim.mutation('submission.share', { id: kimId, shared: false }))
    expect(await lee.query('submission.get', { id: kimId })).toMatchObject(notFound)
  })
})

describe("instructors read their students' code", () => {
  it("opens a member's submissions of assigned challenges, for the group's instructors only", async () => {
    const teacher = await learner('teacher-read')
    const student = await learner('student-read')
    const classmate = await learner('classmate-read')
    const outsider = await learner('outsider-read')
    const group = await data<{ id: number; inviteCode: string }>(
      teacher.mutation('group.create', { name: 'Reading group' }),
    )
    await data(student.mutation('group.join', { code: group.inviteCode }))
    await data(classmate.mutation('group.join', { code: group.inviteCode }))
    const before = await submitGraded(student, server.config.dbFile, CHALLENGE, { verdict: 'WrongAnswer' })
    // Not assigned yet: the group's instructor has no claim on it.
    expect(await teacher.query('submission.get', { id: before })).toMatchObject(notFound)

    await data(teacher.mutation('group.assign', { groupId: group.id, challengeId: CHALLENGE }))
    const read = await data<SubmissionDetail>(teacher.query('submission.get', { id: before }))
    expect(read.readAs).toEqual({ author: 'student-read', as: 'instructor' })
    expect(read.verdict).toBe('WrongAnswer')
    // A classmate (a member, not an instructor) and an outsider cannot.
    expect(await classmate.query('submission.get', { id: before })).toMatchObject(notFound)
    expect(await outsider.query('submission.get', { id: before })).toMatchObject(notFound)
    // The matrix cell links to it.
    const matrix = await data<{ rows: { username: string; cells: { submissionId: number | null }[] }[] }>(
      teacher.query('group.matrix', { groupId: group.id }),
    )
    expect(matrix.rows.find((row) => row.username === 'student-read')?.cells[0]?.submissionId).toBe(before)
  })
})
