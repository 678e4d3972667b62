import Database from 'better-sqlite3'
import type {
  ClaimedJob,
  ClaimOptions,
  CompleteOutcome,
  JobCounts,
  JobEvent,
  JobInfo,
  JobProgress,
  JobQueue,
  JobSpec,
  JobState,
  Lease,
  QueueSignal,
  RunnerBeat,
  RunnerStatus,
  Unsubscribe,
} from '../JobQueue.ts'
import { FORGET_RUNNER_AFTER_MS, runnerStatusOf } from '../JobQueue.ts'
import { claimableJobClasses } from '../runnerClass.ts'
import { createQueueTables, type JobRow, type ProgressRow } from './queueTables.ts'

export interface SqliteQueueOptions {
  /** A database file (opened with WAL and a busy timeout), or a connection the caller owns. */
  file?: string
  database?: Database.Database
  /** Milliseconds since the epoch; tests pass a fake clock to expire leases without waiting. */
  now?: () => number
  /** How often `watch` looks for new events (default 100 ms). */
  pollMs?: number
  /** Default for `JobSpec.maxAttempts`. */
  maxAttempts?: number
  /** Errors of background polling (`watch`), which has no caller to throw to. Default: console.error. */
  onError?: (error: unknown) => void
}

interface Watcher<E> {
  id: string
  listener: (event: JobEvent<E>) => void
  lastSeq: number
  lastState: JobState | null
  lastAttempt: number
}

/**
 * The embedded queue: two tables in a SQLite file shared by the server and the runner processes.
 * Every state change is one statement or one IMMEDIATE transaction, so concurrent processes see a
 * job in exactly one state and two claimers never take the same job.
 */
export class SqliteQueue<P = unknown, R = unknown, E = unknown> implements JobQueue<P, R, E> {
  private readonly db: Database.Database
  private readonly ownsDb: boolean
  private readonly now: () => number
  private readonly pollMs: number
  private readonly maxAttempts: number
  private readonly onError: (error: unknown) => void
  private readonly watchers = new Set<Watcher<E>>()
  private readonly signalListeners = new Set<(signal: QueueSignal) => void>()
  private timer: NodeJS.Timeout | undefined
  private closed = false

  constructor(options: SqliteQueueOptions) {
    if (options.database) {
      this.db = options.database
      this.ownsDb = false
    } else if (options.file) {
      this.db = new Database(options.file)
      this.db.pragma('busy_timeout = 10000')
      this.db.pragma('journal_mode = WAL')
      this.db.pragma('synchronous = NORMAL')
      this.ownsDb = true
    } else {
      throw new TypeError('SqliteQueue needs a `file` or a `database`')
    }
    this.db.pragma('foreign_keys = ON')
    this.now = options.now ?? Date.now
    this.pollMs = options.pollMs ?? 100
    this.maxAttempts = options.maxAttempts ?? 3
    this.onError = options.onError ?? ((error) => console.error('queue watch:', error))
    createQueueTables(this.db)
  }

  async enqueue(spec: JobSpec<P>): Promise<JobInfo<P, R>> {
    const group = spec.group ?? ''
    this.db
      .transaction(() => {
        if (this.getSync(spec.id)) return
        const rank = this.nextFairRank(spec.runnerClass, spec.priority ?? 0, group)
        this.db
          .prepare(
            `INSERT INTO queue_jobs (id, runner_class, payload, state, priority, max_attempts, enqueued_at,
               fair_group, fair_rank)
             VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?)`,
          )
          .run(
            spec.id,
            spec.runnerClass,
            JSON.stringify(spec.payload),
            spec.priority ?? 0,
            spec.maxAttempts ?? this.maxAttempts,
            this.now(),
            group,
            rank,
          )
      })
      .immediate()
    this.signal({ type: 'enqueued', runnerClass: spec.runnerClass })
    return this.getSync(spec.id) as JobInfo<P, R>
  }

  async get(id: string): Promise<JobInfo<P, R> | null> {
    return this.getSync(id)
  }

  async ahead(id: string, options: ClaimOptions = {}): Promise<number> {
    const row = this.db
      .prepare(
        `SELECT count(*) AS n FROM queue_jobs AS other, queue_jobs AS job
         WHERE job.id = ? AND job.state = 'queued' AND other.state = 'queued'
           AND other.runner_class = job.runner_class AND other.priority >= ?
           AND (other.priority > job.priority OR (other.priority = job.priority
             AND (other.fair_rank < job.fair_rank OR (other.fair_rank = job.fair_rank AND other.rowid < job.rowid))))`,
      )
      .get(id, options.minPriority ?? Number.MIN_SAFE_INTEGER) as { n: number }
    return row.n
  }

  async claim(
    runnerClass: string,
    owner: string,
    leaseMs: number,
    options: ClaimOptions = {},
  ): Promise<ClaimedJob<P> | null> {
    const classes = claimableJobClasses(runnerClass)
    const minPriority = options.minPriority ?? Number.MIN_SAFE_INTEGER
    const claim = this.db.transaction((): JobRow | undefined => {
      const now = this.now()
      this.expireLeases(now)
      const next = this.db
        .prepare(
          `SELECT id, runner_class, priority, fair_rank FROM queue_jobs
           WHERE runner_class IN (SELECT value FROM json_each(?)) AND state = 'queued' AND priority >= ?
           ORDER BY priority DESC, fair_rank, rowid LIMIT 1`,
        )
        .get(JSON.stringify(classes), minPriority) as
        | { id: string; runner_class: string; priority: number; fair_rank: number }
        | undefined
      if (!next) {
        // A lane's claim sees only part of the queue: whether the class ran empty is not its to say.
        if (options.minPriority === undefined) this.resetFairShare(classes)
        return undefined
      }
      this.db
        .prepare(
          `INSERT INTO queue_fair_floor (runner_class, priority, floor) VALUES (?, ?, ?)
           ON CONFLICT (runner_class, priority) DO UPDATE SET floor = max(floor, excluded.floor)`,
        )
        .run(next.runner_class, next.priority, next.fair_rank)
      return this.db
        .prepare(
          `UPDATE queue_jobs SET state = 'running', attempt = attempt + 1, owner = ?,
             lease_expires_at = ?, claimed_at = ?
           WHERE id = ? RETURNING *`,
        )
        .get(owner, now + leaseMs, now, next.id) as JobRow
    })
    const row = claim.immediate()
    if (!row) return null
    const job = toInfo<P, never>(row)
    return { job, lease: { jobId: job.id, attempt: job.attempt, owner } }
  }

  async heartbeat(lease: Lease, leaseMs: number): Promise<boolean> {
    const result = this.db
      .prepare(
        `UPDATE queue_jobs SET lease_expires_at = ?
         WHERE id = ? AND attempt = ? AND state = 'running'`,
      )
      .run(this.now() + leaseMs, lease.jobId, lease.attempt)
    return result.changes === 1
  }

  async progress(lease: Lease, event: E): Promise<boolean> {
    const publish = this.db.transaction((): boolean => {
      const row = this.db
        .prepare(
          `UPDATE queue_jobs SET progress_seq = progress_seq + 1
           WHERE id = ? AND attempt = ? AND state = 'running' RETURNING progress_seq`,
        )
        .get(lease.jobId, lease.attempt) as { progress_seq: number } | undefined
      if (!row) return false
      this.db
        .prepare(`INSERT INTO queue_progress (job_id, seq, attempt, at, event) VALUES (?, ?, ?, ?, ?)`)
        .run(lease.jobId, row.progress_seq, lease.attempt, this.now(), JSON.stringify(event))
      return true
    })
    return publish.immediate()
  }

  async complete(lease: Lease, result: R): Promise<CompleteOutcome> {
    return this.finish(lease, 'completed', JSON.stringify(result), null)
  }

  async fail(lease: Lease, error: string): Promise<CompleteOutcome> {
    return this.finish(lease, 'failed', null, error)
  }

  async release(lease: Lease): Promise<boolean> {
    const result = this.db
      .prepare(
        `UPDATE queue_jobs SET state = 'queued', owner = NULL, lease_expires_at = NULL
         WHERE id = ? AND attempt = ? AND state = 'running'`,
      )
      .run(lease.jobId, lease.attempt)
    if (result.changes === 1) this.signalRequeued(lease.jobId)
    return result.changes === 1
  }

  async requeueExpired(): Promise<number> {
    return this.db.transaction(() => this.expireLeases(this.now())).immediate()
  }

  async finished(limit = 100): Promise<JobInfo<P, R>[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM queue_jobs WHERE acknowledged_at IS NULL AND state IN ('completed', 'failed')
         ORDER BY finished_at, rowid LIMIT ?`,
      )
      .all(limit) as JobRow[]
    return rows.map((row) => toInfo<P, R>(row))
  }

  async acknowledge(id: string): Promise<void> {
    this.db
      .prepare(`UPDATE queue_jobs SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL`)
      .run(this.now(), id)
  }

  async progressOf(id: string, afterSeq = 0): Promise<JobProgress<E>[]> {
    return this.progressSync(id, afterSeq)
  }

  watch(id: string, listener: (event: JobEvent<E>) => void): Unsubscribe {
    // The backlog first (a few hundred events at most): a late watcher still sees every phase the job
    // went through, however quickly it passed, and then where it stands.
    const watcher: Watcher<E> = { id, listener, lastSeq: 0, lastState: null, lastAttempt: 0 }
    this.watchers.add(watcher)
    queueMicrotask(() => this.pollWatcher(watcher))
    this.timer ??= setInterval(() => {
      for (const each of this.watchers) this.pollWatcher(each)
    }, this.pollMs)
    return () => {
      this.watchers.delete(watcher)
      if (this.watchers.size === 0 && this.timer) {
        clearInterval(this.timer)
        this.timer = undefined
      }
    }
  }

  async counts(runnerClass?: string): Promise<JobCounts> {
    const rows = this.db
      .prepare(
        `SELECT state, count(*) AS n FROM queue_jobs
         WHERE @runnerClass IS NULL OR runner_class = @runnerClass GROUP BY state`,
      )
      .all({ runnerClass: runnerClass ?? null }) as { state: JobState; n: number }[]
    const counts: JobCounts = { queued: 0, running: 0, completed: 0, failed: 0 }
    for (const row of rows) counts[row.state] = row.n
    return counts
  }

  async announce(runner: RunnerBeat): Promise<void> {
    const now = this.now()
    this.db
      .prepare(
        `INSERT INTO queue_runners (id, beat, last_seen_at) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET beat = excluded.beat, last_seen_at = excluded.last_seen_at`,
      )
      .run(runner.id, JSON.stringify(runner), now)
    this.db.prepare(`DELETE FROM queue_runners WHERE last_seen_at < ?`).run(now - FORGET_RUNNER_AFTER_MS)
  }

  async runners(): Promise<RunnerStatus[]> {
    const rows = this.db
      .prepare(`SELECT beat, last_seen_at FROM queue_runners ORDER BY last_seen_at DESC`)
      .all() as { beat: string; last_seen_at: number }[]
    const now = this.now()
    return rows.map((row) => {
      const beat = JSON.parse(row.beat) as RunnerBeat & { startedAt: string }
      return runnerStatusOf({ ...beat, startedAt: new Date(beat.startedAt) }, new Date(row.last_seen_at), now)
    })
  }

  /** Deletes acknowledged jobs (and their progress) finished more than `olderThanMs` ago. */
  async prune(olderThanMs: number): Promise<number> {
    return this.db
      .prepare(`DELETE FROM queue_jobs WHERE acknowledged_at IS NOT NULL AND finished_at < ?`)
      .run(this.now() - olderThanMs).changes
  }

  onSignal(listener: (signal: QueueSignal) => void): Unsubscribe {
    this.signalListeners.add(listener)
    return () => {
      this.signalListeners.delete(listener)
    }
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.signalListeners.clear()
    if (this.timer) clearInterval(this.timer)
    this.watchers.clear()
    if (this.ownsDb) this.db.close()
  }

  private getSync(id: string): JobInfo<P, R> | null {
    const row = this.db.prepare(`SELECT * FROM queue_jobs WHERE id = ?`).get(id) as JobRow | undefined
    return row ? toInfo<P, R>(row) : null
  }

  private progressSync(id: string, afterSeq: number): JobProgress<E>[] {
    const rows = this.db
      .prepare(`SELECT * FROM queue_progress WHERE job_id = ? AND seq > ? ORDER BY seq`)
      .all(id, afterSeq) as ProgressRow[]
    return rows.map((row) => ({
      seq: row.seq,
      attempt: row.attempt,
      at: new Date(row.at),
      event: JSON.parse(row.event) as E,
    }))
  }

  /**
   * Start-time fair queuing: a job ranks one after its group's previous job, but never before the job
   * claimed last (a group that was idle joins the current round instead of jumping the queue). Claims
   * go by priority, then rank, so groups take turns. Inside a write transaction.
   */
  private nextFairRank(runnerClass: string, priority: number, group: string): number {
    const floor = this.db
      .prepare(`SELECT floor FROM queue_fair_floor WHERE runner_class = ? AND priority = ?`)
      .get(runnerClass, priority) as { floor: number } | undefined
    const last = this.db
      .prepare(`SELECT last_rank FROM queue_fair WHERE runner_class = ? AND priority = ? AND fair_group = ?`)
      .get(runnerClass, priority, group) as { last_rank: number } | undefined
    const rank = Math.max(floor?.floor ?? 0, last === undefined ? 0 : last.last_rank + 1)
    this.db
      .prepare(
        `INSERT INTO queue_fair (runner_class, priority, fair_group, last_rank) VALUES (?, ?, ?, ?)
         ON CONFLICT (runner_class, priority, fair_group) DO UPDATE SET last_rank = excluded.last_rank`,
      )
      .run(runnerClass, priority, group, rank)
    return rank
  }

  /** Nothing of these classes is queued: ranks start again from 0 (they stay small). */
  private resetFairShare(classes: string[]): void {
    const json = JSON.stringify(classes)
    const queued = this.db
      .prepare(
        `SELECT 1 FROM queue_jobs WHERE runner_class IN (SELECT value FROM json_each(?)) AND state = 'queued' LIMIT 1`,
      )
      .get(json)
    if (queued) return
    this.db.prepare(`DELETE FROM queue_fair WHERE runner_class IN (SELECT value FROM json_each(?))`).run(json)
    this.db
      .prepare(`DELETE FROM queue_fair_floor WHERE runner_class IN (SELECT value FROM json_each(?))`)
      .run(json)
  }

  /** Inside a write transaction. */
  private expireLeases(now: number): number {
    const failed = this.db
      .prepare(
        `UPDATE queue_jobs SET state = 'failed', owner = NULL, lease_expires_at = NULL, finished_at = ?,
           error = 'The runner grading this job stopped responding ' || attempt || ' times; it was given up.'
         WHERE state = 'running' AND lease_expires_at <= ? AND attempt >= max_attempts`,
      )
      .run(now, now).changes
    const requeued = this.db
      .prepare(
        `UPDATE queue_jobs SET state = 'queued', owner = NULL, lease_expires_at = NULL
         WHERE state = 'running' AND lease_expires_at <= ?`,
      )
      .run(now).changes
    return failed + requeued
  }

  private finish(
    lease: Lease,
    state: 'completed' | 'failed',
    result: string | null,
    error: string | null,
  ): CompleteOutcome {
    const changed = this.db
      .prepare(
        `UPDATE queue_jobs SET state = ?, result = ?, error = ?, finished_at = ?, owner = NULL,
           lease_expires_at = NULL
         WHERE id = ? AND attempt = ? AND state = 'running'`,
      )
      .run(state, result, error, this.now(), lease.jobId, lease.attempt).changes
    if (changed === 1) this.signal({ type: 'finished', id: lease.jobId })
    return changed === 1 ? 'completed' : 'stale'
  }

  private signalRequeued(id: string): void {
    const row = this.db.prepare(`SELECT runner_class FROM queue_jobs WHERE id = ?`).get(id) as
      | { runner_class: string }
      | undefined
    if (row) this.signal({ type: 'enqueued', runnerClass: row.runner_class })
  }

  /** Listeners run after the change is committed; one that throws does not undo it or stop the rest. */
  private signal(signal: QueueSignal): void {
    for (const listener of this.signalListeners) {
      try {
        listener(signal)
      } catch (error) {
        this.onError(error)
      }
    }
  }

  private pollWatcher(watcher: Watcher<E>): void {
    if (this.closed || !this.watchers.has(watcher)) return
    try {
      for (const progress of this.progressSync(watcher.id, watcher.lastSeq)) {
        watcher.lastSeq = progress.seq
        watcher.listener({ type: 'progress', ...progress })
      }
      const job = this.getSync(watcher.id)
      if (job && (job.state !== watcher.lastState || job.attempt !== watcher.lastAttempt)) {
        watcher.lastState = job.state
        watcher.lastAttempt = job.attempt
        watcher.listener({ type: 'state', state: job.state, attempt: job.attempt })
      }
    } catch (error) {
      // A busy database (or a listener's fault): report it, the next poll goes on from the same place.
      if (!this.closed) this.onError(error)
    }
  }
}

function toInfo<P, R>(row: JobRow): JobInfo<P, R> {
  return {
    id: row.id,
    runnerClass: row.runner_class,
    payload: JSON.parse(row.payload) as P,
    state: row.state,
    attempt: row.attempt,
    maxAttempts: row.max_attempts,
    owner: row.owner,
    enqueuedAt: new Date(row.enqueued_at),
    claimedAt: row.claimed_at === null ? null : new Date(row.claimed_at),
    finishedAt: row.finished_at === null ? null : new Date(row.finished_at),
    result: row.result === null ? null : (JSON.parse(row.result) as R),
    error: row.error,
    group: row.fair_group,
  }
}
