import type Database from 'better-sqlite3'

// The queue owns its tables (created here, not by the platform's drizzle migrations) so that it can
// live in any SQLite file and the BullMQ adapter needs none of it. Bump QUEUE_SCHEMA_VERSION and add
// an ALTER step below when the layout changes.
export const QUEUE_SCHEMA_VERSION = 1

export function createQueueTables(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS queue_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
    CREATE TABLE IF NOT EXISTS queue_jobs (
      id TEXT PRIMARY KEY,
      runner_class TEXT NOT NULL,
      payload TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'completed', 'failed')),
      priority INTEGER NOT NULL DEFAULT 0,
      attempt INTEGER NOT NULL DEFAULT 0,
      max_attempts INTEGER NOT NULL,
      owner TEXT,
      lease_expires_at INTEGER,
      enqueued_at INTEGER NOT NULL,
      claimed_at INTEGER,
      finished_at INTEGER,
      acknowledged_at INTEGER,
      result TEXT,
      error TEXT,
      progress_seq INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX IF NOT EXISTS queue_jobs_claim ON queue_jobs (runner_class, state, priority DESC);
    CREATE INDEX IF NOT EXISTS queue_jobs_lease ON queue_jobs (state, lease_expires_at);
    CREATE INDEX IF NOT EXISTS queue_jobs_finished ON queue_jobs (acknowledged_at, state, finished_at);
    CREATE TABLE IF NOT EXISTS queue_progress (
      job_id TEXT NOT NULL REFERENCES queue_jobs (id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      attempt INTEGER NOT NULL,
      at INTEGER NOT NULL,
      event TEXT NOT NULL,
      PRIMARY KEY (job_id, seq)
    ) STRICT, WITHOUT ROWID;
  `)
  const row = db.prepare(`SELECT value FROM queue_meta WHERE key = 'schema_version'`).get() as
    | { value: string }
    | undefined
  if (!row) {
    db.prepare(`INSERT INTO queue_meta (key, value) VALUES ('schema_version', ?)`).run(
      String(QUEUE_SCHEMA_VERSION),
    )
  } else if (Number(row.value) > QUEUE_SCHEMA_VERSION) {
    throw new Error(
      `The queue tables are version ${row.value}, newer than this code (${QUEUE_SCHEMA_VERSION}): update the code.`,
    )
  }
}

/** A row of queue_jobs as SQLite returns it. */
export interface JobRow {
  id: string
  runner_class: string
  payload: string
  state: 'queued' | 'running' | 'completed' | 'failed'
  priority: number
  attempt: number
  max_attempts: number
  owner: string | null
  lease_expires_at: number | null
  enqueued_at: number
  claimed_at: number | null
  finished_at: number | null
  acknowledged_at: number | null
  result: string | null
  error: string | null
  progress_seq: number
}

export interface ProgressRow {
  job_id: string
  seq: number
  attempt: number
  at: number
  event: string
}
