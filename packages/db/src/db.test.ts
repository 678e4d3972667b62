import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { backupDatabase } from './backupDatabase.ts'
import { type ArenaDb, openDatabase } from './openDatabase.ts'
import { insertOneChallenge } from './queries/oneChallengeFixture.ts'
import { challengeProgressOf } from './queries/progress.ts'
import { bestAcceptedScores } from './queries/stats.ts'
import {
  findMetrics,
  insertSubmission,
  listTestResults,
  recordSubmissionResult,
  type StoredOutcome,
} from './queries/submissions.ts'
import { createUser, findUserByUsername } from './queries/users.ts'

let dir: string
let file: string
let db: ArenaDb

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'arena-db-'))
  file = path.join(dir, 'arena.sqlite')
  db = openDatabase(file, { migrate: true })
})

afterEach(() => {
  db.$client.close()
  rmSync(dir, { recursive: true, force: true })
})

function outcome(overrides: Partial<StoredOutcome> = {}): StoredOutcome {
  return {
    verdict: 'Accepted',
    message: null,
    location: null,
    tier: 'gold',
    score: 1.2,
    runnerClass: 'cpu',
    attempt: 1,
    startedAt: new Date(),
    finishedAt: new Date(),
    result: { status: 'Accepted' },
    tests: [
      { name: 'a', kind: 'sample', status: 'Accepted' },
      { name: 'b', kind: 'hidden', status: 'Accepted' },
    ],
    metrics: { cpuNs: 10, wallNs: 20, peakBytes: 30, perfRatio: 1.2, perfLow: 1.1, perfHigh: 1.3 },
    ...overrides,
  }
}

describe('@arena/db', () => {
  it('opens the file in WAL mode with foreign keys, migrated', () => {
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1)
    const tables = db.$client
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
      .all()
      .map((row) => (row as { name: string }).name)
    expect(tables).toEqual(
      expect.arrayContaining([
        'users',
        'sessions',
        'packs',
        'challenges',
        'drafts',
        'submissions',
        'test_results',
        'metrics',
      ]),
    )
    // Applying the migrations again changes nothing.
    db.$client.close()
    db = openDatabase(file, { migrate: true })
  })

  it('keeps usernames unique regardless of case', () => {
    expect(createUser(db, { username: 'Ada', passwordHash: 'x' })).toBeDefined()
    expect(createUser(db, { username: 'ada', passwordHash: 'y' })).toBeUndefined()
    expect(findUserByUsername(db, 'ADA')?.username).toBe('Ada')
  })

  it('stores a result once: a second delivery of the same job changes nothing', () => {
    const { challenge, pack } = insertOneChallenge(db)
    const user = createUser(db, { username: 'u1', passwordHash: 'x' })!
    const submission = insertSubmission(db, {
      userId: user.id,
      challengeId: challenge.id,
      challengeKey: challenge.key,
      packHash: pack.hash,
      source: 's',
      mode: 'full',
      runnerClass: 'cpu',
    })
    expect(recordSubmissionResult(db, submission.id, outcome({ attempt: 2 }))).toBe(true)
    expect(recordSubmissionResult(db, submission.id, outcome({ attempt: 3, verdict: 'WrongAnswer' }))).toBe(
      false,
    )
    expect(listTestResults(db, submission.id).map((test) => test.name)).toEqual(['a', 'b'])
    expect(findMetrics(db, submission.id)).toMatchObject({ perfRatio: 1.2, perfLow: 1.1 })
    expect(challengeProgressOf(db, user.id).get('p/c')).toEqual({
      state: 'accepted',
      bestTier: 'gold',
      bestScore: 1.2,
    })
  })

  it("ranks each user's best accepted full submission", () => {
    const { challenge, pack } = insertOneChallenge(db)
    const submit = (username: string, score: number, mode: 'samples' | 'full' = 'full') => {
      const user = findUserByUsername(db, username) ?? createUser(db, { username, passwordHash: 'x' })!
      const submission = insertSubmission(db, {
        userId: user.id,
        challengeId: challenge.id,
        challengeKey: challenge.key,
        packHash: pack.hash,
        source: 's',
        mode,
        runnerClass: 'cpu',
      })
      recordSubmissionResult(db, submission.id, outcome({ score }))
    }
    submit('a', 0.5)
    submit('a', 0.9)
    submit('b', 0.7)
    submit('c', 5, 'samples')
    expect(bestAcceptedScores(db, challenge.id, 'cpu').map((best) => best.score)).toEqual([0.7, 0.9])
    expect(bestAcceptedScores(db, challenge.id, 'gpu')).toEqual([])
  })

  it('backs up a database while another connection writes to it', async () => {
    insertOneChallenge(db)
    const writer = new Database(file)
    writer.pragma('busy_timeout = 5000')
    let written = 0
    const writing = setInterval(() => {
      writer
        .prepare(`INSERT INTO users (username, password_hash, created_at) VALUES (?, 'x', 0)`)
        .run(`w${written++}`)
    }, 1)
    try {
      const target = await backupDatabase(file, path.join(dir, 'backups'), new Date('2030-01-02T03:04:05Z'))
      expect(path.basename(target)).toBe('arena-2030-01-02T03-04-05-000Z.sqlite')
      expect(existsSync(`${target}-wal`)).toBe(false)
      const copy = new Database(target, { readonly: true })
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
      expect((copy.prepare('SELECT count(*) AS n FROM packs').get() as { n: number }).n).toBe(1)
      copy.close()
    } finally {
      clearInterval(writing)
      writer.close()
    }
  })
})
