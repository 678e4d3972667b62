// Shared solutions per runner class (issue 18.3, 16.7): real submissions in a real SQLite file, each
// learner's best shared Accepted full Submit per runner class, ranked within its class.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type ArenaDb, openDatabase } from '../openDatabase.ts'
import { insertOneChallenge } from './oneChallengeFixture.ts'
import {
  insertSubmission,
  listSharedSolutions,
  recordSubmissionResult,
  setSubmissionShared,
} from './submissions.ts'
import { createUser } from './users.ts'

let dir: string
let db: ArenaDb
let challengeId: number

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'arena-shared-'))
  db = openDatabase(path.join(dir, 'arena.sqlite'), { migrate: true })
  challengeId = insertOneChallenge(db).challenge.id
})
afterEach(() => {
  db.$client.close()
  rmSync(dir, { recursive: true, force: true })
})

const users = new Map<string, number>()
function userId(name: string): number {
  const known = users.get(`${dir} ${name}`)
  if (known) return known
  const id = createUser(db, { username: name, passwordHash: 'x' })?.id as number
  users.set(`${dir} ${name}`, id)
  return id
}

/** An Accepted full Submit of `name` on `runnerClass` with `score`, shared unless said. */
function accepted(name: string, runnerClass: string, score: number, shared = true): number {
  const owner = userId(name)
  const row = insertSubmission(db, {
    userId: owner,
    challengeId,
    challengeKey: 'p/c',
    packHash: 'h1',
    source: 'export function solve() {}',
    mode: 'full',
    runnerClass: runnerClass.startsWith('gpu') ? 'gpu' : runnerClass,
  })
  recordSubmissionResult(db, row.id, {
    verdict: 'Accepted',
    message: null,
    location: null,
    tier: score >= 0.95 ? 'gold' : 'silver',
    score,
    runnerClass,
    attempt: 1,
    startedAt: new Date(0),
    finishedAt: new Date(1000),
    result: null,
    tests: [],
    metrics: null,
  })
  if (shared) setSubmissionShared(db, row.id, owner, true)
  return row.id
}

describe('listSharedSolutions', () => {
  it("ranks each learner's best shared Submit within its runner class", () => {
    accepted('ada', 'cpu', 0.8)
    const adaBest = accepted('ada', 'cpu', 1.1)
    const bo = accepted('bo', 'cpu', 0.9)
    accepted('cy', 'cpu', 2, false)
    const adaGpu = accepted('ada', 'gpu-nvidia', 3.5)
    const rows = listSharedSolutions(db, 'p/c')
    const byClass = (runnerClass: string) =>
      rows.filter((row) => row.runnerClass === runnerClass).map((row) => [row.username, row.submissionId])
    expect(byClass('cpu')).toEqual([
      ['ada', adaBest],
      ['bo', bo],
    ])
    expect(byClass('gpu-nvidia')).toEqual([['ada', adaGpu]])
  })

  it('keeps at most `limit` per runner class, so a busy class does not crowd out another', () => {
    for (const name of ['a1', 'a2', 'a3', 'a4']) accepted(name, 'cpu', 5)
    accepted('g1', 'gpu-nvidia', 0.5)
    const rows = listSharedSolutions(db, 'p/c', 3)
    expect(rows.filter((row) => row.runnerClass === 'cpu')).toHaveLength(3)
    expect(rows.filter((row) => row.runnerClass === 'gpu-nvidia').map((row) => row.username)).toEqual(['g1'])
  })
})
