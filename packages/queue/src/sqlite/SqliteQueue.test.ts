import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { claimInProcesses } from '../testing/claimInProcesses.ts'
import { queueContract } from '../testing/queueContract.ts'
import { QUEUE_SCHEMA_VERSION } from './queueTables.ts'
import { SqliteQueue } from './SqliteQueue.ts'

let dir: string
let file: string
let clock: number
const queues: SqliteQueue[] = []

queueContract('SqliteQueue', {
  lease: 1000,
  async setUp() {
    dir = mkdtempSync(path.join(tmpdir(), 'arena-queue-'))
    file = path.join(dir, 'queue.sqlite')
    clock = 1_000_000
  },
  async tearDown() {
    await Promise.all(queues.splice(0).map((queue) => queue.close()))
    rmSync(dir, { recursive: true, force: true })
  },
  async open<P, R, E>(options: { maxAttempts?: number } = {}) {
    const queue = new SqliteQueue<P, R, E>({ file, now: () => clock, pollMs: 10, ...options })
    queues.push(queue as SqliteQueue)
    return queue
  },
  async elapse(ms) {
    clock += ms
  },
  claimInProcesses: (owners) => claimInProcesses({ kind: 'sqlite', file }, owners),
})

describe('SqliteQueue tables', () => {
  it('upgrades version 1 tables in place, keeping their jobs', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'arena-queue-v1-'))
    const file = path.join(dir, 'queue.sqlite')
    const db = new Database(file)
    db.exec(`
      CREATE TABLE queue_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      INSERT INTO queue_meta VALUES ('schema_version', '1');
      CREATE TABLE queue_jobs (
        id TEXT PRIMARY KEY, runner_class TEXT NOT NULL, payload TEXT NOT NULL, state TEXT NOT NULL,
        priority INTEGER NOT NULL DEFAULT 0, attempt INTEGER NOT NULL DEFAULT 0, max_attempts INTEGER NOT NULL,
        owner TEXT, lease_expires_at INTEGER, enqueued_at INTEGER NOT NULL, claimed_at INTEGER,
        finished_at INTEGER, acknowledged_at INTEGER, result TEXT, error TEXT,
        progress_seq INTEGER NOT NULL DEFAULT 0) STRICT;
      INSERT INTO queue_jobs (id, runner_class, payload, state, max_attempts, enqueued_at)
        VALUES ('old', 'cpu', '{"n":1}', 'queued', 3, 1);
    `)
    db.close()
    const queue = new SqliteQueue<{ n: number }>({ file })
    try {
      expect((await queue.claim('cpu', 'r', 1000))?.job).toMatchObject({
        id: 'old',
        payload: { n: 1 },
        group: '',
      })
      const version = new Database(file)
        .prepare(`SELECT value FROM queue_meta WHERE key = 'schema_version'`)
        .get() as { value: string }
      expect(Number(version.value)).toBe(QUEUE_SCHEMA_VERSION)
    } finally {
      await queue.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
