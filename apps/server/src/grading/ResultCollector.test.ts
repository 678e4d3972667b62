// Push, not poll (issue 17, point 2): a finished job is stored as soon as its finish is pushed (the
// queue's signal in this process, a local runner's IPC word relayed by the supervisor), not at the
// collector's next poll. The poll here is ten minutes: a test that waited for it would time out.
// Real database (migrated, fixture packs imported), real SQLite queue.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type ArenaDb, createUser, findCurrentChallenge, insertSubmission, openDatabase } from '@arena/db'
import type { GradeResult, ProgressEvent } from '@arena/grader'
import { type GradeJobPayload, SqliteQueue } from '@arena/queue'
import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { importPacks } from '../packs/importPacks.ts'
import { FIXTURE_PACKS } from '../testing/testServer.ts'
import { enqueueSubmission } from './enqueueSubmission.ts'
import { ResultCollector } from './ResultCollector.ts'

const A_LONG_POLL_MS = 600_000
const log = pino({ level: 'silent' })
let dir: string
let db: ArenaDb
let queue: SqliteQueue<GradeJobPayload, GradeResult, ProgressEvent>
let collector: ResultCollector

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'arena-collector-'))
  db = openDatabase(path.join(dir, 'arena.sqlite'), { migrate: true })
  await importPacks(db, { challengesDir: FIXTURE_PACKS, packStoreDir: path.join(dir, 'packs') }, log)
  queue = new SqliteQueue({ database: db.$client })
  collector = new ResultCollector(db, queue, log, { pollMs: A_LONG_POLL_MS, defaultRunnerClass: 'cpu' })
  collector.start()
  await collector.drain() // the first look has been made: from here on only a push stores anything
})
afterEach(async () => {
  await collector.stop()
  await queue.close()
  db.$client.close()
  rmSync(dir, { recursive: true, force: true })
})

/** A queued Run of the fixture challenge, and a promise of its stored verdict. */
async function queuedRun() {
  const found = findCurrentChallenge(db, 'fixture/sum-array')
  if (!found) throw new Error('fixture pack not imported')
  const user = createUser(db, { username: `ada-${Date.now()}`, passwordHash: 'x', createdAt: new Date() })
  if (!user) throw new Error('no user')
  const submission = insertSubmission(db, {
    userId: user.id,
    challengeId: found.challenge.id,
    challengeKey: 'fixture/sum-array',
    packHash: found.pack.hash,
    source: 'export function solve() { return 0 }',
    mode: 'samples',
    runnerClass: 'cpu',
  })
  await enqueueSubmission(queue, submission, 'fixture')
  const stored = new Promise<string>((resolve) => collector.onStored(submission.id, resolve))
  return { submission, stored }
}

const result = { version: 1, status: 'WrongAnswer', challenge: 'fixture/sum-array' } as unknown as GradeResult

describe('ResultCollector: push, not poll', () => {
  it('stores a result the moment this process completes its job (the queue signal)', async () => {
    const { stored } = await queuedRun()
    const claimed = await queue.claim('cpu', 'in-process', 30_000)
    await queue.complete(claimed!.lease, result)
    await expect(stored).resolves.toMatch(/.+/)
  })

  it("stores a result completed by another process when the runner's word is relayed", async () => {
    const { stored } = await queuedRun()
    const runnerConnection = new SqliteQueue<GradeJobPayload, GradeResult, never>({
      file: path.join(dir, 'arena.sqlite'),
    })
    try {
      const claimed = await runnerConnection.claim('cpu', 'runner-0', 30_000)
      await runnerConnection.complete(claimed!.lease, result)
    } finally {
      await runnerConnection.close()
    }
    // What the supervisor does when the runner says `finished` over IPC.
    collector.jobFinished()
    await expect(stored).resolves.toMatch(/.+/)
  })
})
