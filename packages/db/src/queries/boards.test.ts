import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type ArenaDb, openDatabase } from '../openDatabase.ts'
import { challengeBoard, xpBoard } from './boards.ts'
import { grantGameEvents, updateGameSettings } from './game.ts'
import { addGroupMember, createStudyGroup, removeGroupMember } from './groups.ts'
import { insertOneChallenge } from './oneChallengeFixture.ts'
import { insertSubmission, recordSubmissionResult } from './submissions.ts'
import { createUser } from './users.ts'

let dir: string
let db: ArenaDb

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'arena-boards-'))
  db = openDatabase(path.join(dir, 'arena.sqlite'), { migrate: true })
})
afterEach(() => {
  db.$client.close()
  rmSync(dir, { recursive: true, force: true })
})

function challenge() {
  return insertOneChallenge(db).challenge
}

function accepted(userId: number, challengeId: number, score: number, at: number, runnerClass = 'cpu') {
  const row = insertSubmission(db, {
    userId,
    challengeId,
    challengeKey: 'p/c',
    packHash: 'h1',
    source: '',
    mode: 'full',
    runnerClass,
  })
  recordSubmissionResult(db, row.id, {
    verdict: 'Accepted',
    message: null,
    location: null,
    tier: 'gold',
    score,
    runnerClass,
    attempt: 1,
    startedAt: null,
    finishedAt: new Date(at),
    result: null,
    tests: [],
    metrics: null,
  })
}

describe('boards', () => {
  it('ranks the best score per learner, ties share a rank (earlier first), pages keep the viewer', () => {
    const { id } = challenge()
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(
      (name) => createUser(db, { username: name, passwordHash: 'x' })!.id,
    ) as [number, number, number, number]
    accepted(a, id, 1, 100)
    accepted(a, id, 3, 400) // a's best
    accepted(b, id, 2, 200)
    accepted(c, id, 2, 150) // tie with b, earlier
    accepted(d, id, 9, 100, 'gpu:nvidia') // another class: not on the cpu board
    updateGameSettings(db, c, { hidden: true })
    const page = challengeBoard(
      db,
      { challengeId: id, runnerClass: 'cpu' },
      { limit: 2, offset: 0, viewerId: b },
    )
    expect(page.total).toBe(3)
    expect(page.rows.map((row) => [row.rank, row.position, row.userId, row.value, row.hidden])).toEqual([
      [1, 1, a, 3, false],
      [2, 2, c, 2, true],
    ])
    expect(page.you).toMatchObject({ userId: b, rank: 2, position: 3 })
    const before = challengeBoard(
      db,
      { challengeId: id, runnerClass: 'cpu', before: new Date(300) },
      { limit: 10, offset: 0, viewerId: b },
    )
    // Before 300 a's best is 1; c and b tie at 2, c got there first.
    expect(before.rows.map((row) => [row.userId, row.value])).toEqual([
      [c, 2],
      [b, 2],
      [a, 1],
    ])
  })

  it('restricts to current group members: one who left drops off at once', () => {
    const { id } = challenge()
    const [owner, left] = ['o', 'l'].map(
      (name) => createUser(db, { username: name, passwordHash: 'x' })!.id,
    ) as [number, number]
    const group = createStudyGroup(db, { name: 'g', inviteCode: 'ABCDEFGHIJ', ownerId: owner })
    addGroupMember(db, group.id, left)
    accepted(owner, id, 1, 100)
    accepted(left, id, 2, 100)
    const options = { limit: 10, offset: 0, viewerId: owner, groupId: group.id }
    expect(challengeBoard(db, { challengeId: id, runnerClass: 'cpu' }, options).total).toBe(2)
    removeGroupMember(db, group.id, left)
    expect(
      challengeBoard(db, { challengeId: id, runnerClass: 'cpu' }, options).rows.map((row) => row.userId),
    ).toEqual([owner])
  })

  it('sums XP this week from events and keeps the all-time total; a key is granted once', () => {
    const a = createUser(db, { username: 'a', passwordHash: 'x' })!.id
    const event = (key: string, at: number, amount: number) => ({
      key,
      kind: 'xp' as const,
      at: new Date(at),
      amount,
      code: 'xp.accepted',
      params: {},
      reason: '',
    })
    expect(grantGameEvents(db, a, [event('old', 1_000, 50), event('new', 10_000, 20)])).toHaveLength(2)
    expect(grantGameEvents(db, a, [event('new', 10_000, 20)])).toHaveLength(0)
    const options = { limit: 10, offset: 0, viewerId: a }
    expect(xpBoard(db, {}, options).rows[0]).toMatchObject({ userId: a, value: 70 })
    expect(xpBoard(db, { since: new Date(5_000) }, options).rows[0]).toMatchObject({ userId: a, value: 20 })
  })
})
