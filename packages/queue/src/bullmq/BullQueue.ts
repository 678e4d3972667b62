import { randomUUID } from 'node:crypto'
import { createRequire } from 'node:module'
import type { Job, Queue, Worker } from 'bullmq'
import type { Redis } from 'ioredis'
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
import { bullPriority, FAIR_RANK_SPAN } from './bullPriority.ts'
import { SCRIPTS } from './scripts.ts'

// BullMQ and ioredis take one to two seconds to load on a busy machine, and every server and runner
// imports this package, most of them for the embedded SQLite queue: they load with the first BullQueue.
const requireHere = createRequire(import.meta.url)
const bullmq = () => requireHere('bullmq') as typeof import('bullmq')
const ioredis = () => requireHere('ioredis') as typeof import('ioredis')

export interface BullQueueOptions {
  /** `redis://host:port[/db]`. */
  url: string
  /** Key prefix of everything this queue stores (default `arena`); tests use one per test. */
  prefix?: string
  /** Default for `JobSpec.maxAttempts`. */
  maxAttempts?: number
  /**
   * How often BullMQ's stalled-job checker runs (default 5 s). A runner that died is noticed one to
   * two intervals after its lock expired.
   */
  stalledIntervalMs?: number
  /** How long `watch` blocks on the progress streams before it looks at job states again (200 ms). */
  watchBlockMs?: number
  /** Errors of background work (`watch`, the stalled checker), which has no caller to throw to. */
  onError?: (error: unknown) => void
}

/** What BullMQ stores as a job's data. */
interface StoredData<P> {
  payload: P
  runnerClass: string
  group: string
  priority: number
  rank: number
  maxAttempts: number
  /** Set when the job was failed for running out of attempts (the attempts it used). */
  gaveUpAfter?: number
}

interface Held<P> {
  job: Job<StoredData<P>>
  token: string
}

interface Watcher<E> {
  id: string
  listener: (event: JobEvent<E>) => void
  streamId: string
  lastSeq: number
  lastState: JobState | null
  lastAttempt: number
}

const GAVE_UP = (attempts: number) =>
  `The runner grading this job stopped responding ${attempts} times; it was given up.`

/**
 * The fleet adapter: BullMQ on Redis. One BullMQ queue per job class; a runner claims with
 * `Worker.getNextJob` (BullMQ's lock is the lease, `extendLock` the heartbeat, its stalled-job checker
 * returns the jobs of dead runners to the queue), completes with `moveToCompleted`/`moveToFailed`
 * (which check the lock token atomically, so a dead attempt's late completion changes nothing).
 * Progress events go to one Redis stream per job, written only while the attempt holds the lock.
 * See README.md for the whole mapping.
 */
export class BullQueue<P = unknown, R = unknown, E = unknown> implements JobQueue<P, R, E> {
  private readonly redis: Redis
  private readonly prefix: string
  private readonly maxAttempts: number
  private readonly stalledIntervalMs: number
  private readonly watchBlockMs: number
  private readonly onError: (error: unknown) => void
  private readonly queues = new Map<string, Queue<StoredData<P>>>()
  private readonly workers = new Map<string, Promise<Worker<StoredData<P>>>>()
  /** Leases this instance handed out: the lock token of each (a lease works where it was claimed). */
  private readonly held = new Map<string, Held<P>>()
  private readonly watchers = new Set<Watcher<E>>()
  private watchLoop: Promise<void> | undefined
  private watchRedis: Redis | undefined
  private readonly connections: Redis[] = []
  private readonly classes = new Map<string, string>()
  private readonly signalListeners = new Set<(signal: QueueSignal) => void>()
  private signalRedis: Redis | undefined
  private closed = false

  constructor(options: BullQueueOptions) {
    this.prefix = options.prefix ?? 'arena'
    this.maxAttempts = options.maxAttempts ?? 3
    this.stalledIntervalMs = options.stalledIntervalMs ?? 5000
    this.watchBlockMs = options.watchBlockMs ?? 200
    this.onError = options.onError ?? ((error) => console.error('queue:', error))
    // BullMQ wants `maxRetriesPerRequest: null` on its connections: commands wait out a Redis restart.
    const { Redis } = ioredis()
    this.redis = new Redis(options.url, { maxRetriesPerRequest: null })
    this.redis.on('error', () => {}) // reconnects by itself; failed commands reach their callers
  }

  async enqueue(spec: JobSpec<P>): Promise<JobInfo<P, R>> {
    if (spec.id.includes(':') || /^\d+$/.test(spec.id)) {
      throw new TypeError(`A job id may not contain ":" or be a number (BullMQ); got "${spec.id}"`)
    }
    // The class index doubles as the existence check: one round trip for a new job.
    if ((await this.redis.hsetnx(this.key('job-class'), spec.id, spec.runnerClass)) === 0) {
      const existing = await this.get(spec.id)
      if (existing) return existing
    }
    this.classes.set(spec.id, spec.runnerClass)
    const group = spec.group ?? ''
    const rank = Number(
      await this.redis.eval(
        SCRIPTS.nextFairRank,
        2,
        this.key('fair', spec.runnerClass),
        this.key('fair-floor', spec.runnerClass),
        spec.priority ?? 0,
        group,
      ),
    )
    const data: StoredData<P> = {
      payload: spec.payload,
      runnerClass: spec.runnerClass,
      group,
      priority: spec.priority ?? 0,
      rank,
      maxAttempts: spec.maxAttempts ?? this.maxAttempts,
    }
    // A job id that exists is not added again (BullMQ dedupes by id).
    const job = await this.queue(spec.runnerClass).add('job', data, {
      jobId: spec.id,
      priority: bullPriority(spec.priority ?? 0, rank),
      attempts: 1, // retries are for runners that die (stalled jobs), not for failures
      removeOnComplete: false,
      removeOnFail: false,
    })
    await this.publish({ type: 'enqueued', runnerClass: spec.runnerClass })
    return this.toInfo(job, 'waiting', '')
  }

  async get(id: string): Promise<JobInfo<P, R> | null> {
    const runnerClass = await this.classOf(id)
    if (!runnerClass) return null
    const queue = this.queue(runnerClass)
    const snapshot = (await this.redis.eval(
      SCRIPTS.jobSnapshot,
      5,
      queue.toKey(id),
      queue.toKey('completed'),
      queue.toKey('failed'),
      queue.toKey('active'),
      `${queue.toKey(id)}:lock`,
      id,
    )) as string[] | null
    if (!snapshot) return null
    const [state, token, ...fields] = snapshot
    const hash: Record<string, string> = {}
    for (let index = 0; index + 1 < fields.length; index += 2) hash[fields[index]!] = fields[index + 1]!
    const job = bullmq().Job.fromJSON(queue, hash as never, id) as Job<StoredData<P>>
    return this.toInfo(job, state, token ? token.slice(0, token.lastIndexOf('#')) : '')
  }

  async ahead(id: string, options: ClaimOptions = {}): Promise<number> {
    const runnerClass = await this.classOf(id)
    if (!runnerClass) return 0
    const queue = this.queue(runnerClass)
    const lane = options.minPriority
    const [rank, givenBack] = await Promise.all([
      this.redis.zrank(queue.toKey('prioritized'), id),
      this.redis.lrange(queue.toKey('wait'), 0, -1),
    ])
    if (rank === null) return 0
    // The wait list holds jobs given back (stalled or released): they go first.
    if (lane === undefined) return rank + givenBack.length
    // Jobs of the lane's priorities sort first: those scored below the lane's largest BullMQ priority
    // (score = priority * 2^32 + counter, see BullMQ's getPriorityScore), at most the job's own rank.
    const bound = (bullPriority(lane, FAIR_RANK_SPAN - 1) + 1) * 2 ** 32
    const [inLane, data] = await Promise.all([
      this.redis.zcount(queue.toKey('prioritized'), '-inf', `(${bound}`),
      Promise.all(givenBack.map((other) => this.redis.hget(queue.toKey(other), 'data'))),
    ])
    const lanesGivenBack = data.filter(
      (stored) => stored !== null && (JSON.parse(stored) as StoredData<P>).priority >= lane,
    ).length
    return Math.min(rank, inLane) + lanesGivenBack
  }

  async claim(
    runnerClass: string,
    owner: string,
    leaseMs: number,
    options: ClaimOptions = {},
  ): Promise<ClaimedJob<P> | null> {
    const lane = options.minPriority
    for (const jobClass of claimableJobClasses(runnerClass)) {
      const worker = await this.worker(jobClass, leaseMs)
      for (;;) {
        if (lane !== undefined && !(await this.laneHasWork(jobClass, lane))) break
        const token = `${owner}#${randomUUID()}`
        const job = (await worker.getNextJob(token, { block: false })) as Job<StoredData<P>> | undefined
        if (!job) break
        if (lane !== undefined && job.data.priority < lane) {
          // Another runner took the lane's job between the look and the claim: give this one back
          // uncounted (it goes first again) rather than run a Submit in the lane.
          await job.moveToWait(token)
          await this.redis.eval(SCRIPTS.uncountAttempt, 1, this.queue(jobClass).toKey(job.id as string))
          await this.publish({ type: 'enqueued', runnerClass: jobClass })
          break
        }
        const attempt = job.attemptsStarted
        if (attempt > job.data.maxAttempts) {
          // BullMQ's stalled checker put it back once more than it may run: give it up here.
          await job.updateData({ ...job.data, gaveUpAfter: attempt - 1 })
          await job.moveToFailed(new Error(GAVE_UP(attempt - 1)), token, false)
          continue
        }
        if (leaseMs !== worker.opts.lockDuration) await job.extendLock(token, leaseMs)
        await this.redis.eval(
          SCRIPTS.raiseFloor,
          1,
          this.key('fair-floor', jobClass),
          job.data.priority,
          job.data.rank,
        )
        this.held.set(leaseKey(job.id as string, attempt), { job, token })
        const info = await this.toInfo(job, 'active', owner)
        return { job: info as JobInfo<P, never>, lease: { jobId: info.id, attempt, owner } }
      }
      // A lane's claim sees only part of the queue: whether the class ran empty is not its to say.
      if (lane !== undefined) continue
      await this.redis.eval(
        SCRIPTS.resetFairShare,
        4,
        this.queue(jobClass).toKey('wait'),
        this.queue(jobClass).toKey('prioritized'),
        this.key('fair', jobClass),
        this.key('fair-floor', jobClass),
      )
    }
    return null
  }

  async heartbeat(lease: Lease, leaseMs: number): Promise<boolean> {
    const held = this.held.get(leaseKey(lease.jobId, lease.attempt))
    if (!held) return false
    return (await held.job.extendLock(held.token, leaseMs)) === 1
  }

  async progress(lease: Lease, event: E): Promise<boolean> {
    const held = this.held.get(leaseKey(lease.jobId, lease.attempt))
    if (!held) return false
    const seq = await this.redis.eval(
      SCRIPTS.publishProgress,
      3,
      this.lockKey(held.job),
      this.key('progress', lease.jobId),
      this.key('progress-seq', lease.jobId),
      held.token,
      lease.attempt,
      Date.now(),
      JSON.stringify(event),
    )
    return Number(seq) > 0
  }

  async complete(lease: Lease, result: R): Promise<CompleteOutcome> {
    return this.finish(lease, (held) => held.job.moveToCompleted(result, held.token, false))
  }

  async fail(lease: Lease, error: string): Promise<CompleteOutcome> {
    return this.finish(lease, (held) => held.job.moveToFailed(new Error(error), held.token, false))
  }

  async release(lease: Lease): Promise<boolean> {
    const key = leaseKey(lease.jobId, lease.attempt)
    const held = this.held.get(key)
    if (!held) return false
    this.held.delete(key)
    try {
      await held.job.moveToWait(held.token)
      await this.publish({ type: 'enqueued', runnerClass: held.job.data.runnerClass })
      return true
    } catch {
      return false
    }
  }

  async requeueExpired(): Promise<number> {
    // BullMQ's stalled checker: one pass marks the active jobs, the next returns those whose lock is
    // gone. It runs in the background of every worker; this runs it now.
    let moved = 0
    for (const runnerClass of await this.redis.smembers(this.key('classes'))) {
      const worker = await this.worker(runnerClass, 30_000)
      const count = (jobId: string) => {
        if (jobId) moved++
      }
      worker.on('stalled', count)
      try {
        await (worker as unknown as { moveStalledJobsToWait(): Promise<void> }).moveStalledJobsToWait()
      } finally {
        worker.off('stalled', count)
      }
    }
    return moved
  }

  async finished(limit = 100): Promise<JobInfo<P, R>[]> {
    const jobs: Job<StoredData<P>>[] = []
    for (const runnerClass of await this.redis.smembers(this.key('classes'))) {
      jobs.push(...(await this.queue(runnerClass).getJobs(['completed', 'failed'], 0, limit - 1, true)))
    }
    jobs.sort((a, b) => (a.finishedOn ?? 0) - (b.finishedOn ?? 0))
    return Promise.all(jobs.slice(0, limit).map((job) => this.toInfo(job)))
  }

  async acknowledge(id: string): Promise<void> {
    const job = await this.findJob(id)
    if (!job) return
    // Removed from Redis; its progress stays an hour for late watchers (`progressOf` after the result).
    await job.remove()
    this.classes.delete(id)
    await this.redis
      .multi()
      .hdel(this.key('job-class'), id)
      .expire(this.key('progress', id), 3600)
      .expire(this.key('progress-seq', id), 3600)
      .exec()
  }

  async progressOf(id: string, afterSeq = 0): Promise<JobProgress<E>[]> {
    const entries = await this.redis.xrange(this.key('progress', id), '-', '+')
    return entries.map(([, fields]) => progressOfFields<E>(fields)).filter((each) => each.seq > afterSeq)
  }

  watch(id: string, listener: (event: JobEvent<E>) => void): Unsubscribe {
    const watcher: Watcher<E> = { id, listener, streamId: '0', lastSeq: 0, lastState: null, lastAttempt: 0 }
    this.watchers.add(watcher)
    this.watchLoop ??= this.runWatchLoop().finally(() => {
      this.watchLoop = undefined
    })
    return () => {
      this.watchers.delete(watcher)
    }
  }

  async counts(runnerClass?: string): Promise<JobCounts> {
    const classes = runnerClass ? [runnerClass] : await this.redis.smembers(this.key('classes'))
    const counts: JobCounts = { queued: 0, running: 0, completed: 0, failed: 0 }
    for (const each of classes) {
      const bull = await this.queue(each).getJobCounts(
        'waiting',
        'prioritized',
        'delayed',
        'active',
        'completed',
        'failed',
      )
      counts.queued += (bull.waiting ?? 0) + (bull.prioritized ?? 0) + (bull.delayed ?? 0)
      counts.running += bull.active ?? 0
      counts.completed += bull.completed ?? 0
      counts.failed += bull.failed ?? 0
    }
    return counts
  }

  onSignal(listener: (signal: QueueSignal) => void): Unsubscribe {
    this.signalListeners.add(listener)
    if (!this.signalRedis) {
      // A subscribed connection can do nothing else: one of its own, made when first listened to.
      const subscriber = this.redis.duplicate({ maxRetriesPerRequest: null })
      subscriber.on('error', () => {})
      subscriber.on('message', (_channel: string, text: string) => {
        const signal = JSON.parse(text) as QueueSignal
        for (const each of this.signalListeners) {
          try {
            each(signal)
          } catch (error) {
            this.onError(error)
          }
        }
      })
      subscriber.subscribe(this.key('signals')).catch((error) => this.onError(error))
      this.signalRedis = subscriber
    }
    return () => {
      this.signalListeners.delete(listener)
    }
  }

  async announce(runner: RunnerBeat): Promise<void> {
    await this.redis.hset(
      this.key('runners'),
      runner.id,
      JSON.stringify({ ...runner, lastSeenAt: Date.now() }),
    )
  }

  async runners(): Promise<RunnerStatus[]> {
    const all = await this.redis.hgetall(this.key('runners'))
    const now = Date.now()
    const statuses: RunnerStatus[] = []
    for (const [id, text] of Object.entries(all)) {
      const beat = JSON.parse(text) as RunnerBeat & { startedAt: string; lastSeenAt: number }
      if (now - beat.lastSeenAt > FORGET_RUNNER_AFTER_MS) {
        await this.redis.hdel(this.key('runners'), id)
        continue
      }
      const { lastSeenAt, ...rest } = beat
      statuses.push(
        runnerStatusOf({ ...rest, startedAt: new Date(rest.startedAt) }, new Date(lastSeenAt), now),
      )
    }
    return statuses.sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime())
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.watchers.clear()
    this.signalListeners.clear()
    this.signalRedis?.disconnect()
    this.watchRedis?.disconnect()
    await this.watchLoop?.catch(() => undefined)
    const workers = await Promise.all(
      [...this.workers.values()].map((worker) => worker.catch(() => undefined)),
    )
    await Promise.all(workers.map((worker) => worker?.close(true).catch(() => undefined)))
    await Promise.all([...this.queues.values()].map((queue) => queue.close().catch(() => undefined)))
    for (const connection of this.connections) connection.disconnect()
    this.redis.disconnect()
  }

  /** Signals are hints: one lost (Redis restarting) only leaves its listeners to their slow poll. */
  private async publish(signal: QueueSignal): Promise<void> {
    await this.redis.publish(this.key('signals'), JSON.stringify(signal)).catch(() => 0)
  }

  /** Whether the job `getNextJob` would hand out next is one a lane of `minPriority` may take. */
  private async laneHasWork(jobClass: string, minPriority: number): Promise<boolean> {
    const queue = this.queue(jobClass)
    const largest = bullPriority(minPriority, FAIR_RANK_SPAN - 1)
    const answer = await this.redis.eval(
      SCRIPTS.laneHasWork,
      2,
      queue.toKey('wait'),
      queue.toKey('prioritized'),
      largest,
    )
    return Number(answer) === 1
  }

  private key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':')
  }

  /** The BullMQ queue of a job class (queue names may not contain ':'). */
  private queue(runnerClass: string): Queue<StoredData<P>> {
    let queue = this.queues.get(runnerClass)
    if (!queue) {
      const { Queue } = bullmq()
      queue = new Queue<StoredData<P>>(queueName(runnerClass), {
        connection: this.redis,
        prefix: this.prefix,
      })
      queue.on('error', (error) => this.onError(error))
      this.queues.set(runnerClass, queue)
      void this.redis.sadd(this.key('classes'), runnerClass).catch(() => undefined)
    }
    return queue
  }

  /** A BullMQ worker without a processor: jobs are fetched by hand (`getNextJob`). */
  private worker(runnerClass: string, lockDuration: number): Promise<Worker<StoredData<P>>> {
    let worker = this.workers.get(runnerClass)
    if (!worker) {
      worker = (async () => {
        // A connection we pass is ours to close (BullMQ closes only the ones it makes).
        const connection = this.redis.duplicate({ maxRetriesPerRequest: null })
        connection.on('error', () => {})
        this.connections.push(connection)
        const { Worker } = bullmq()
        const created = new Worker<StoredData<P>>(queueName(runnerClass), null, {
          connection,
          prefix: this.prefix,
          autorun: false,
          lockDuration,
          stalledInterval: this.stalledIntervalMs,
          // Attempts are counted by `attemptsStarted` and limited per job in `claim`.
          maxStalledCount: 1_000_000,
        })
        created.on('error', (error) => {
          if (!this.closed) this.onError(error)
        })
        await created.startStalledCheckTimer()
        return created
      })()
      this.workers.set(runnerClass, worker)
    }
    return worker
  }

  /** The class a job was enqueued with (which BullMQ queue holds it); it never changes. */
  private async classOf(id: string): Promise<string | undefined> {
    const known = this.classes.get(id)
    if (known) return known
    const runnerClass = await this.redis.hget(this.key('job-class'), id)
    if (runnerClass) {
      if (this.classes.size > 100_000) this.classes.clear()
      this.classes.set(id, runnerClass)
    }
    return runnerClass ?? undefined
  }

  private async findJob(id: string): Promise<Job<StoredData<P>> | undefined> {
    const runnerClass = await this.classOf(id)
    if (!runnerClass) return undefined
    return (await this.queue(runnerClass).getJob(id)) ?? undefined
  }

  private lockKey(job: Job<StoredData<P>>): string {
    return `${this.queue(job.data.runnerClass).toKey(job.id as string)}:lock`
  }

  private async finish(lease: Lease, move: (held: Held<P>) => Promise<unknown>): Promise<CompleteOutcome> {
    const key = leaseKey(lease.jobId, lease.attempt)
    const held = this.held.get(key)
    if (!held) return 'stale'
    try {
      await move(held)
      this.held.delete(key)
      await this.publish({ type: 'finished', id: lease.jobId })
      return 'completed'
    } catch {
      // The lock expired. If nobody took the job since (it is still active and unlocked), the work
      // was done: take the lock again and finish; otherwise this attempt is stale.
      const relocked = await this.redis.set(this.lockKey(held.job), held.token, 'PX', 30_000, 'NX')
      if (relocked === 'OK') {
        try {
          await move(held)
          this.held.delete(key)
          await this.publish({ type: 'finished', id: lease.jobId })
          return 'completed'
        } catch {
          await this.redis.eval(SCRIPTS.dropLock, 1, this.lockKey(held.job), held.token)
        }
      }
      this.held.delete(key)
      return 'stale'
    }
  }

  private async toInfo(
    job: Job<StoredData<P>>,
    knownState?: string,
    knownOwner?: string,
  ): Promise<JobInfo<P, R>> {
    const bullState = knownState ?? (await job.getState())
    const state = stateOf(bullState)
    let owner: string | null = knownOwner || null
    if (state === 'running' && knownOwner === undefined) {
      const token = await this.redis.get(this.lockKey(job))
      owner = token ? token.slice(0, token.lastIndexOf('#')) : null
    }
    return {
      id: job.id as string,
      runnerClass: job.data.runnerClass,
      payload: job.data.payload,
      state,
      attempt: job.data.gaveUpAfter ?? job.attemptsStarted,
      maxAttempts: job.data.maxAttempts,
      owner,
      enqueuedAt: new Date(job.timestamp),
      claimedAt: job.processedOn ? new Date(job.processedOn) : null,
      finishedAt: state === 'completed' || state === 'failed' ? new Date(job.finishedOn ?? Date.now()) : null,
      result: state === 'completed' ? ((job.returnvalue ?? null) as R | null) : null,
      error: state === 'failed' ? (job.failedReason ?? 'failed') : null,
      group: job.data.group,
    }
  }

  /**
   * One loop for every watcher of this instance: a blocking XREAD on their progress streams (progress
   * arrives as it is written), then a look at each job's state (BullMQ moves jobs between states in
   * its own scripts; a stalled job, for one, goes back to waiting without a word to our streams).
   */
  private async runWatchLoop(): Promise<void> {
    this.watchRedis ??= this.redis.duplicate({ maxRetriesPerRequest: null })
    this.watchRedis.on('error', () => {})
    while (!this.closed && this.watchers.size > 0) {
      const watchers = [...this.watchers]
      try {
        const streams = (await this.watchRedis.xread(
          'COUNT',
          500,
          'BLOCK',
          this.watchBlockMs,
          'STREAMS',
          ...watchers.map((watcher) => this.key('progress', watcher.id)),
          ...watchers.map((watcher) => watcher.streamId),
        )) as [string, [string, string[]][]][] | null
        for (const [stream, entries] of streams ?? []) {
          for (const watcher of watchers) {
            if (this.key('progress', watcher.id) !== stream || !this.watchers.has(watcher)) continue
            for (const [entryId, fields] of entries) {
              watcher.streamId = entryId
              const progress = progressOfFields<E>(fields)
              if (progress.seq <= watcher.lastSeq) continue
              watcher.lastSeq = progress.seq
              watcher.listener({ type: 'progress', ...progress })
            }
          }
        }
        for (const watcher of watchers) {
          if (!this.watchers.has(watcher)) continue
          const job = await this.get(watcher.id)
          if (job && (job.state !== watcher.lastState || job.attempt !== watcher.lastAttempt)) {
            watcher.lastState = job.state
            watcher.lastAttempt = job.attempt
            watcher.listener({ type: 'state', state: job.state, attempt: job.attempt })
          }
        }
      } catch (error) {
        if (this.closed) return
        this.onError(error)
        await new Promise((resolve) => setTimeout(resolve, this.watchBlockMs))
      }
    }
  }
}

function queueName(runnerClass: string): string {
  return `jobs-${runnerClass.replaceAll(':', '-')}`
}

function leaseKey(jobId: string, attempt: number): string {
  return `${jobId}#${attempt}`
}

function stateOf(bullState: string): JobState {
  if (bullState === 'active') return 'running'
  if (bullState === 'completed') return 'completed'
  if (bullState === 'failed') return 'failed'
  return 'queued' // waiting, prioritized, delayed, waiting-children
}

function progressOfFields<E>(fields: string[]): JobProgress<E> {
  const map = new Map<string, string>()
  for (let index = 0; index + 1 < fields.length; index += 2) map.set(fields[index]!, fields[index + 1]!)
  return {
    seq: Number(map.get('seq')),
    attempt: Number(map.get('attempt')),
    at: new Date(Number(map.get('at'))),
    event: JSON.parse(map.get('event') ?? 'null') as E,
  }
}
