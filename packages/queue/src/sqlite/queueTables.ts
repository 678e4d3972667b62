import type Database from 'better-sqlite3'

// The queue owns its tables (created here, not by the platform's drizzle migrations) so that it can
// live in any SQLite file and the BullMQ adapter needs none of it. Bump QUEUE_SCHEMA_VERSION and add
// an ALTER step below when the layout changes.
export const QUEUE_SCHEMA_VERSION = 2

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
      progress_seq INTEGER NOT NULL DEFAULT 0,
      fair_group TEXT NOT NULL DEFAULT '',
      fair_rank INTEGER NOT NULL DEFAULT 0
    ) STRICT;
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
  upgradeFromVersion1(db)
  db.exec(`
    DROP INDEX IF EXISTS queue_jobs_claim;
    CREATE INDEX IF NOT EXISTS queue_jobs_fair_claim ON queue_jobs (runner_class, state, priority DESC, fair_rank);
    -- Fair share: the rank the last job of each group got, and the rank of the last claimed job.
    -- (Per class and priority: a Run's rank says nothing about the Submits' rounds.)
    CREATE TABLE IF NOT EXISTS queue_fair (
      runner_class TEXT NOT NULL,
      priority INTEGER NOT NULL,
      fair_group TEXT NOT NULL,
      last_rank INTEGER NOT NULL,
      PRIMARY KEY (runner_class, priority, fair_group)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS queue_fair_floor (
      runner_class TEXT NOT NULL,
      priority INTEGER NOT NULL,
      floor INTEGER NOT NULL,
      PRIMARY KEY (runner_class, priority)
    ) STRICT, WITHOUT ROWID;
    -- The runner registry: each runner's latest heartbeat.
    CREATE TABLE IF NOT EXISTS queue_runners (
      id TEXT PRIMARY KEY,
      beat TEXT NOT NULL,
      last_seen_at INTEGER NOT NULL
    ) STRICT;
  `)
  const row = db.prepare(`SELECT value FROM queue_meta WHERE key = 'schema_version'`).get() as
    | { value: string }
    | undefined
  if (!row) {
    db.prepare(`INSERT INTO queue_meta (key, value) VALUES ('schema_version', ?)`).run(
      String(QUEUE_SCHEMA_VERSION),
    )
  } else if (Number(row.value) < QUEUE_SCHEMA_VERSION) {
    db.prepare(`UPDATE queue_meta SET value = ? WHERE key = 'schema_version'`).run(
      String(QUEUE_SCHEMA_VERSION),
    )
  } else if (Number(row.value) > QUEUE_SCHEMA_VERSION) {
    throw new Error(
      `The queue tables are version ${row.value}, newer than this code (${QUEUE_SCHEMA_VERSION}): update the code.`,
    )
  }
}

/** Version 2 added fair-share columns to queue_jobs (the new tables are created above). */
function upgradeFromVersion1(db: Database.Database): void {
  const columns = db.prepare(`SELECT name FROM pragma_table_info('queue_jobs')`).all() as { name: string }[]
  if (columns.some((column) => column.name === 'fair_rank')) return
  db.exec(`
    ALTER TABLE queue_jobs ADD COLUMN fair_group TEXT NOT NULL DEFAULT '';
    ALTER TABLE queue_jobs ADD COLUMN fair_rank INTEGER NOT NULL DEFAULT 0;
  `)
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
  fair_group: string
  fair_rank: number
}

export interface ProgressRow {
  job_id: string
  seq: number
  attempt: number
  at: number
  event: string
}
