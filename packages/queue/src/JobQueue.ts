// The queue every runner and the server talk to. Adapters: SQLite (embedded, one machine) and, later,
// BullMQ (a fleet). Nothing here may assume either: no SQL, no Redis keys, only jobs and leases.

export type JobState = 'queued' | 'running' | 'completed' | 'failed'

/** What the server puts on the queue. `payload` and results are plain JSON values. */
export interface JobSpec<P> {
  /** Unique; enqueueing an id that exists returns the existing job (retries are safe). */
  id: string
  /** Only runners of this class claim it, e.g. `cpu`, `gpu:nvidia`. */
  runnerClass: string
  payload: P
  /** Higher first; ties in enqueue order. */
  priority?: number
  /** Claims allowed before a job whose runners keep dying is failed (default 3). */
  maxAttempts?: number
  /**
   * Fair-share key (e.g. a study group): within a priority, queued jobs are taken round-robin across
   * groups, so a burst from one group cannot starve the others. Jobs without one share a group.
   */
  group?: string
}

export interface JobInfo<P = unknown, R = unknown> {
  id: string
  runnerClass: string
  payload: P
  state: JobState
  /** How many times the job was claimed. */
  attempt: number
  maxAttempts: number
  /** The runner holding the lease while running. */
  owner: string | null
  enqueuedAt: Date
  claimedAt: Date | null
  finishedAt: Date | null
  result: R | null
  error: string | null
  /** The fair-share key the job was enqueued with ('' when none). */
  group: string
}

/**
 * Proof of a claim. Every write of a runner carries it; writes of an attempt that is no longer the
 * job's current one are ignored. `jobId` + `attempt` is the idempotency key of a completion.
 */
export interface Lease {
  jobId: string
  attempt: number
  owner: string
}

export interface ClaimedJob<P> {
  job: JobInfo<P, never>
  lease: Lease
}

export interface JobProgress<E = unknown> {
  /** Increases over the job's life, across attempts. */
  seq: number
  attempt: number
  at: Date
  event: E
}

export type JobEvent<E = unknown> =
  | ({ type: 'progress' } & JobProgress<E>)
  | { type: 'state'; state: JobState; attempt: number }

export type Unsubscribe = () => void

export type CompleteOutcome = 'completed' | 'stale'

/** Narrows a claim: a runner's reserved lane takes only jobs of at least this priority (Runs). */
export interface ClaimOptions {
  /** Only jobs with `priority >= minPriority`; null when the next such job is not there. */
  minPriority?: number
}

/**
 * A hint that something changed, pushed to listeners so that nobody waits for a poll: a job was
 * enqueued or given back (runners of its class look for work) or finished (the server stores it).
 * Never the truth itself: a listener still asks the queue, and polling stays as a slow fallback.
 */
export type QueueSignal = { type: 'enqueued'; runnerClass: string } | { type: 'finished'; id: string }

export interface JobCounts {
  queued: number
  running: number
  completed: number
  failed: number
}

export interface JobQueue<P = unknown, R = unknown, E = unknown> {
  enqueue(spec: JobSpec<P>): Promise<JobInfo<P, R>>
  get(id: string): Promise<JobInfo<P, R> | null>
  /**
   * Queued jobs of the same class that a runner takes before this one (0 when it is next or not
   * queued). With `minPriority`, only those of at least that priority: the Runs ahead of a Submit,
   * which a runner's reserved lane takes beside it (the rest are the Submits it waits for).
   */
  ahead(id: string, options?: ClaimOptions): Promise<number>
  /**
   * Takes the next job of a runner class for `leaseMs`, or null. Two runners never get the same job;
   * a running job whose lease expired is claimed again (a new attempt).
   */
  claim(
    runnerClass: string,
    owner: string,
    leaseMs: number,
    options?: ClaimOptions,
  ): Promise<ClaimedJob<P> | null>
  /** Extends a lease; false when the attempt lost its job (stop working on it). */
  heartbeat(lease: Lease, leaseMs: number): Promise<boolean>
  /** Publishes a progress event of the current attempt; false (and dropped) for a stale attempt. */
  progress(lease: Lease, event: E): Promise<boolean>
  /** Stores the result once; `stale` when the attempt no longer holds the job (the call changed nothing). */
  complete(lease: Lease, result: R): Promise<CompleteOutcome>
  /** Ends the job without a result (the runner cannot grade it, and retrying will not help). */
  fail(lease: Lease, error: string): Promise<CompleteOutcome>
  /** Gives the job back to the queue untouched, e.g. when a runner shuts down gracefully. */
  release(lease: Lease): Promise<boolean>
  /** Returns jobs with expired leases to the queue (or fails those out of attempts); how many changed. */
  requeueExpired(): Promise<number>
  /** Completed and failed jobs the consumer has not acknowledged yet, oldest first. */
  finished(limit?: number): Promise<JobInfo<P, R>[]>
  /** The consumer has stored the outcome: `finished` no longer lists the job. */
  acknowledge(id: string): Promise<void>
  /** Progress events of a job after `afterSeq` (all when omitted), oldest first. */
  progressOf(id: string, afterSeq?: number): Promise<JobProgress<E>[]>
  /**
   * Calls `listener` with the job's progress events and state changes until unsubscribed: every
   * existing progress event first (oldest first), then the current state, then what comes next.
   */
  watch(id: string, listener: (event: JobEvent<E>) => void): Unsubscribe
  counts(runnerClass?: string): Promise<JobCounts>
  /**
   * Pushes signals of this queue's changes. SQLite: changes made through this instance (other
   * processes relay theirs, e.g. over the runner supervisor's IPC); BullMQ: every change in the fleet
   * (Redis pub/sub).
   */
  onSignal(listener: (signal: QueueSignal) => void): Unsubscribe
  /** A runner says it is alive (and what it is doing); the registry keeps the latest word of each. */
  announce(runner: RunnerBeat): Promise<void>
  /** Every runner heard from recently, most recently seen first. */
  runners(): Promise<RunnerStatus[]>
  close(): Promise<void>
}

/** What a runner reports with each heartbeat. */
export interface RunnerBeat {
  /** Unique per runner process, e.g. `host:pid:name`; also the owner in its leases. */
  id: string
  runnerClass: string
  host: string
  pid: number
  name: string
  startedAt: Date
  jobsDone: number
  /** The job it is working on, or null when idle. */
  currentJob: string | null
  /** How often it beats; a runner silent for three beats is offline. */
  beatMs: number
  /** A runner that stops on purpose says so, and is listed as offline at once. */
  stopped?: boolean
}

export interface RunnerStatus extends RunnerBeat {
  lastSeenAt: Date
  online: boolean
}

/** A runner silent for longer than this many beats is offline. */
export const OFFLINE_AFTER_BEATS = 3
/** Runners silent for longer than this are dropped from the registry. */
export const FORGET_RUNNER_AFTER_MS = 86_400_000

export function runnerStatusOf(beat: RunnerBeat, lastSeenAt: Date, now: number): RunnerStatus {
  const online = !beat.stopped && now - lastSeenAt.getTime() <= OFFLINE_AFTER_BEATS * beat.beatMs
  return { ...beat, lastSeenAt, online }
}
