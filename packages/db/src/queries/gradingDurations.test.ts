// The durations a queued job's wait is estimated from (issue 17, point 1): real gradings stored in a
// real SQLite file, read back by mode and runner class, newest first.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type ArenaDb, openDatabase } from '../openDatabase.ts'
import type { SubmissionMode } from '../schema.ts'
import { insertOneChallenge } from './oneChallengeFixture.ts'
import { insertSubmission, recentGradingDurations, recordSubmissionResult } from './submissions.ts'
import { createUser } from './users.ts'

let dir: string
let db: ArenaDb
let userId: number
let challengeId: number

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'arena-durations-'))
  db = openDatabase(path.join(dir, 'arena.sqlite'), { migrate: true })
  challengeId = insertOneChallenge(db).challenge.id
  userId = createUser(db, { username: 'ada', passwordHash: 'x' })!.id
})
afterEach(() => {
  db.$client.close()
  rmSync(dir, { recursive: true, force: true })
})

const T0 = Date.UTC(2026, 11, 4, 12)

/** A submission graded from `startMs` for `tookMs` on `runnerClass` (null `tookMs`: still queued). */
function graded(mode: SubmissionMode, runnerClass: string, tookMs: number | null, startMs = T0) {
  const row = insertSubmission(db, {
    userId,
    challengeId,
    challengeKey: 'p/c',
    packHash: 'h1',
    source: '',
    mode,
    runnerClass: runnerClass.startsWith('gpu') ? 'gpu' : runnerClass,
  })
  if (tookMs === null) return row.id
  recordSubmissionResult(db, row.id, {
    verdict: 'Accepted',
    message: null,
    location: null,
    tier: null,
    score: null,
    runnerClass,
    attempt: 1,
    startedAt: new Date(startMs),
    finishedAt: new Date(startMs + tookMs),
    result: null,
    tests: [],
    metrics: null,
  })
  return row.id
}

describe('recentGradingDurations', () => {
  it("reads the latest gradings of a mode on a class, newest first, without the other mode's or class's", () => {
    graded('full', 'cpu', 40_000)
    graded('samples', 'cpu', 180)
    graded('full', 'cpu', 25_000)
    graded('full', 'gpu:nvidia', 9_000)
    graded('samples', 'cpu', 220)
    graded('full', 'cpu', null) // still queued: no duration
    expect(recentGradingDurations(db, { mode: 'full', runnerClass: 'cpu' })).toEqual([25_000, 40_000])
    expect(recentGradingDurations(db, { mode: 'samples', runnerClass: 'cpu' })).toEqual([220, 180])
    expect(recentGradingDurations(db, { mode: 'samples', runnerClass: 'gpu:nvidia' })).toEqual([])
  })

  it('matches the classes of a family: a gpu job is graded on gpu:<adapter> runners', () => {
    graded('full', 'gpu:nvidia', 9_000)
    graded('full', 'gpu:swiftshader', 70_000)
    graded('full', 'cpu', 30_000)
    expect(recentGradingDurations(db, { mode: 'full', runnerClass: 'gpu' })).toEqual([70_000, 9_000])
    expect(recentGradingDurations(db, { mode: 'full', runnerClass: 'gpu:nvidia' })).toEqual([9_000])
  })

  it('keeps only the latest `limit`', () => {
    for (let n = 1; n <= 25; n++) graded('full', 'cpu', n * 1000)
    const latest = recentGradingDurations(db, { mode: 'full', runnerClass: 'cpu' })
    expect(latest).toHaveLength(20)
    expect(latest[0]).toBe(25_000)
    expect(latest.at(-1)).toBe(6_000)
    expect(recentGradingDurations(db, { mode: 'full', runnerClass: 'cpu', limit: 3 })).toEqual([
      25_000, 24_000, 23_000,
    ])
  })

  it('looks only among the newest `window` submissions: an old grading is no longer recent', () => {
    graded('full', 'gpu:nvidia', 9_000)
    for (let n = 0; n < 5; n++) graded('samples', 'cpu', 200)
    expect(recentGradingDurations(db, { mode: 'full', runnerClass: 'gpu', window: 6 })).toEqual([9_000])
    expect(recentGradingDurations(db, { mode: 'full', runnerClass: 'gpu', window: 5 })).toEqual([])
    expect(recentGradingDurations(db, { mode: 'samples', runnerClass: 'cpu', window: 5 })).toHaveLength(5)
  })
})
