import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Board, GroupDetail, InstructorView } from '../api/gameTypes.ts'
import type { ApiClient } from '../testing/ApiClient.ts'
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

async function learner(name: string): Promise<ApiClient> {
  const client = server.client()
  await client.signup(name)
  return client
}

async function data<T>(promise: Promise<{ ok: boolean; data?: unknown; error?: unknown }>): Promise<T> {
  const result = await promise
  if (!result.ok) throw new Error(JSON.stringify(result.error))
  return result.data as T
}

async function groupWith(owner: ApiClient, name: string) {
  return data<{ id: number; inviteCode: string }>(owner.mutation('group.create', { name }))
}

describe('study groups', () => {
  it('joins by code; members see the group but not the instructor view; the owner sees all', async () => {
    const owner = await learner('owner-1')
    const member = await learner('member-1')
    const stranger = await learner('stranger-1')
    const group = await groupWith(owner, 'Big data 101')
    expect(group.inviteCode).toMatch(/^[A-Z2-7]{10}$/)

    expect(await member.mutation('group.join', { code: group.inviteCode.toLowerCase() })).toMatchObject({
      ok: true,
    })
    const seen = await data<GroupDetail>(member.query('group.get', { groupId: group.id }))
    expect(seen).toMatchObject({ name: 'Big data 101', role: 'member', inviteCode: null })
    expect(seen.members.map((each) => [each.username, each.role])).toEqual([
      ['owner-1', 'owner'],
      ['member-1', 'member'],
    ])

    for (const path of ['group.matrix', 'group.csv']) {
      expect(await member.query(path, { groupId: group.id })).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN' },
      })
      expect(await stranger.query(path, { groupId: group.id })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      })
    }
    expect(
      await member.mutation('group.assign', { groupId: group.id, challengeId: CHALLENGE }),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })
    expect(await member.mutation('group.rotateCode', { groupId: group.id })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })
    // Another group's data reads as missing, boards included.
    expect(await stranger.query('group.get', { groupId: group.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    expect(await stranger.query('group.board', { groupId: group.id })).toMatchObject({ ok: false })
    expect(await stranger.query('leaderboard.global', { by: 'xp', groupId: group.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    expect(await data(owner.query('group.matrix', { groupId: group.id }))).toMatchObject({
      groupId: group.id,
    })
  })

  it('rotating the code stops the old one; a removed member loses access at once', async () => {
    const owner = await learner('owner-2')
    const member = await learner('member-2')
    const late = await learner('late-2')
    const group = await groupWith(owner, 'Rotation')
    await data(member.mutation('group.join', { code: group.inviteCode }))
    const { inviteCode } = await data<{ inviteCode: string }>(
      owner.mutation('group.rotateCode', { groupId: group.id }),
    )
    expect(inviteCode).not.toBe(group.inviteCode)
    expect(await late.mutation('group.join', { code: group.inviteCode })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    expect(await late.mutation('group.join', { code: 'not a code' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    })

    const memberId = (await data<{ id: number }>(member.query('auth.me'))).id
    const ownerId = (await data<{ id: number }>(owner.query('auth.me'))).id
    expect(await member.mutation('group.removeMember', { groupId: group.id, userId: ownerId })).toMatchObject(
      {
        ok: false,
        error: { code: 'FORBIDDEN' },
      },
    )
    await data(owner.mutation('group.removeMember', { groupId: group.id, userId: memberId }))
    expect(await member.query('group.get', { groupId: group.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    expect(await data(member.query('group.list'))).toEqual([])
  })

  it('counts only assigned challenges before the deadline; learners who left drop off the board', async () => {
    const teacher = await learner('teacher-3')
    const [early, tardy, leaver] = [
      await learner('early-3'),
      await learner('tardy-3'),
      await learner('leaver-3'),
    ]
    const group = await groupWith(teacher, 'Deadlines')
    for (const client of [early, tardy, leaver])
      await data(client.mutation('group.join', { code: group.inviteCode }))

    await submitGraded(leaver, server.config.dbFile, CHALLENGE, {
      verdict: 'Accepted',
      tier: 'gold',
      score: 5,
    })
    await submitGraded(early, server.config.dbFile, CHALLENGE, { verdict: 'WrongAnswer' })
    await submitGraded(early, server.config.dbFile, CHALLENGE, {
      verdict: 'Accepted',
      tier: 'silver',
      score: 1.5,
    })
    // The deadline falls here: set it just after early's result, then tardy solves. A deadline in the
    // past is refused when assigning, so it is assigned for tomorrow and then moved, as time passing would.
    await new Promise((resolve) => setTimeout(resolve, 20))
    const deadline = Date.now()
    await new Promise((resolve) => setTimeout(resolve, 20))
    await submitGraded(tardy, server.config.dbFile, CHALLENGE, {
      verdict: 'Accepted',
      tier: 'gold',
      score: 3,
    })
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString()
    const assigned = await data<{ id: number }>(
      teacher.mutation('group.assign', { groupId: group.id, packId: 'fixture', deadline: tomorrow }),
    )
    const db = new Database(server.config.dbFile)
    db.prepare('UPDATE group_assignments SET deadline = ? WHERE id = ?').run(deadline, assigned.id)
    db.close()

    const detail = await data<GroupDetail>(tardy.query('group.get', { groupId: group.id }))
    expect(detail.assignments[0]?.challenges.map((challenge) => challenge.id)).toEqual([CHALLENGE])
    // Accepted gold, but late: the cell says so, with its tier, and it is not "attempted".
    expect(detail.mine[CHALLENGE]).toMatchObject({ state: 'late', tier: 'gold', score: 3 })
    expect(await data(tardy.query('group.myAssignments'))).toEqual([
      {
        challengeId: CHALLENGE,
        groupId: group.id,
        groupName: 'Deadlines',
        deadline: new Date(deadline).toISOString(),
        state: 'late',
      },
    ])

    await data(leaver.mutation('group.leave', { groupId: group.id }))
    const board = await data<Board>(early.query('group.board', { groupId: group.id }))
    expect(board.rows.map((row) => [row.rank, row.username, row.value])).toEqual([
      [1, 'early-3', 1],
      [2, 'tardy-3', 0],
    ])

    const view = await data<InstructorView>(teacher.query('group.matrix', { groupId: group.id }))
    expect(
      view.rows.map((row) => [row.username, row.cells[0]?.state, row.cells[0]?.tier, row.solved, row.late]),
    ).toEqual([
      ['early-3', 'accepted', 'silver', 1, 0],
      ['tardy-3', 'late', 'gold', 0, 1],
    ])
    // The column's counts are the cells': two attempted, one in time, one late, both accepted.
    expect(view.stats[0]).toMatchObject({
      challengeId: CHALLENGE,
      attempted: 2,
      accepted: 1,
      late: 1,
      acceptanceRate: 1,
      medianScore: 2.25,
      verdicts: [
        { verdict: 'Accepted', count: 2 },
        { verdict: 'WrongAnswer', count: 1 },
      ],
    })
    const csv = await data<{ filename: string; csv: string }>(
      teacher.query('group.csv', { groupId: group.id }),
    )
    expect(csv.filename).toBe('Deadlines-progress.csv')
    expect(csv.csv.split('\r\n')).toEqual([
      `username,role,${CHALLENGE},solved,late`,
      'early-3,member,accepted:silver:1.500,1,0',
      'tardy-3,member,late:gold:3.000,0,1',
      '',
    ])
  })

  it('hands the group to an instructor when the owner leaves, and deletes it when the last one leaves', async () => {
    const owner = await learner('owner-4')
    const helper = await learner('helper-4')
    const group = await groupWith(owner, 'Handover')
    await data(helper.mutation('group.join', { code: group.inviteCode }))
    const helperId = (await data<{ id: number }>(helper.query('auth.me'))).id
    await data(owner.mutation('group.setRole', { groupId: group.id, userId: helperId, role: 'instructor' }))
    expect(
      await helper.mutation('group.setRole', { groupId: group.id, userId: helperId, role: 'member' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })
    await data(owner.mutation('group.leave', { groupId: group.id }))
    expect(await data(helper.query('group.get', { groupId: group.id }))).toMatchObject({ role: 'owner' })
    await data(helper.mutation('group.leave', { groupId: group.id }))
    const db = new Database(server.config.dbFile, { readonly: true })
    try {
      expect(db.prepare('SELECT count(*) AS n FROM study_groups WHERE id = ?').get(group.id)).toEqual({
        n: 0,
      })
    } finally {
      db.close()
    }
  })

  it('validates input', async () => {
    const someone = await learner('someone-5')
    expect(await someone.mutation('group.create', { name: '   ' })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST', message: 'name: The group needs a name.' },
    })
    const group = await groupWith(someone, 'Valid')
    expect(
      await someone.mutation('group.assign', {
        groupId: group.id,
        challengeId: CHALLENGE,
        packId: 'fixture',
      }),
    ).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(
      await someone.mutation('group.assign', {
        groupId: group.id,
        challengeId: CHALLENGE,
        deadline: 'tomorrow',
      }),
    ).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    // A deadline already past is refused, saying why and naming the field (the page words it in en/ko).
    const past = await someone.mutation('group.assign', {
      groupId: group.id,
      challengeId: CHALLENGE,
      deadline: new Date(Date.now() - 60_000).toISOString(),
    })
    expect(past).toMatchObject({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: 'deadline: The deadline has already passed: choose a time in the future.',
        issues: [{ path: 'deadline' }],
      },
    })
    expect((await data<GroupDetail>(someone.query('group.get', { groupId: group.id }))).assignments).toEqual(
      [],
    )
    // A future deadline and none are both fine.
    for (const deadline of [new Date(Date.now() + 3_600_000).toISOString(), null]) {
      expect(
        await someone.mutation('group.assign', { groupId: group.id, challengeId: CHALLENGE, deadline }),
      ).toMatchObject({ ok: true })
    }
  })
})
