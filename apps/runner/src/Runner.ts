import { hostname } from 'node:os'
import {
  type ClaimedJob,
  type ClaimOptions,
  type JobInfo,
  type JobQueue,
  jobKindOf,
  type Lease,
  type RunnerBeat,
} from '@arena/queue'
import type { Logger } from 'pino'

// biome-ignore lint/suspicious/noExplicitAny: jobs of every kind share one queue; each handler knows its payload
export type RunnerQueue = JobQueue<any, unknown, unknown>

/** What a handler gets besides the job: where to send progress, and when to stop. */
export interface JobContext {
  lease: Lease
  /** Aborted when the lease is lost, the job ran past its deadline, or the runner stops. */
  signal: AbortSignal
  /** Publishes a progress event (in order; dropped once the attempt lost its job). */
  onProgress(event: unknown): void
  log: Logger
}

/** Does one kind of job; its result completes the job, a throw fails it with the message. */
// biome-ignore lint/suspicious/noExplicitAny: see RunnerQueue
export type JobHandler = (job: JobInfo<any, never>, context: JobContext) => Promise<unknown>

export interface RunnerOptions {
  queue: RunnerQueue
  /** Job kind (`payload.kind`, `grade` when absent) -> handler. A kind without one fails the job. */
  handlers: Record<string, JobHandler>
  runnerClass: string
  /** Names this runner in leases and on the runners page, e.g. `runner-0`. */
  name: string
  leaseMs: number
  /** Pause between claims while the queue is empty. */
  idleMs: number
  /** Jobs graded at once (each claims on its own). */
  concurrency?: number
  /**
   * A reserved lane: one more slot that claims only jobs of at least this priority (Runs), so a Run
   * never waits for the Submit the other slots are grading. Absent: no lane.
   */
  laneMinPriority?: number
  /** Called once a job of this runner is completed or failed (the server's supervisor relays it). */
  onFinished?: (jobId: string) => void
  /**
   * A job still running after this long stops being heartbeaten and is aborted: its lease lapses and
   * the queue gives it to another runner, up to its attempts, then fails it (an InternalError).
   */
  jobDeadlineMs?: number
  /** How often the runner tells the registry it is alive (default leaseMs / 3, at most 5 s). */
  beatMs?: number
  log: Logger
}

interface Current {
  claimed: ClaimedJob<unknown>
  abort: AbortController
}

/**
 * Claims jobs of its class and hands each to the handler of its kind: heartbeats keep the lease while
 * it works, progress events are published on the queue, and the handler's result completes the job.
 * A lost lease aborts the work (another runner has the job now); `stop` gives current jobs back.
 * Beats of its own tell the registry (the admins' runners page) what it is doing.
 */
export class Runner {
  readonly id: string
  private stopping = false
  private readonly current = new Set<Current>()
  private loops: Promise<void>[] = []
  private jobsDone = 0
  private beatTimer: NodeJS.Timeout | undefined
  private readonly startedAt = new Date()
  private readonly beatMs: number
  /** Idle claim loops wait here; `wake` ends their wait at once. */
  private readonly sleepers = new Set<() => void>()
  private unsubscribe: (() => void) | undefined

  constructor(private readonly options: RunnerOptions) {
    this.id = `${hostname()}:${process.pid}:${options.name}`
    this.beatMs = options.beatMs ?? Math.min(5000, Math.max(200, Math.floor(options.leaseMs / 3)))
  }

  start(): this {
    void this.beat()
    this.beatTimer = setInterval(() => void this.beat(), this.beatMs)
    // Pushed, not polled: a job enqueued anywhere the queue can tell us of ends the idle wait.
    this.unsubscribe = this.options.queue.onSignal((signal) => {
      if (signal.type === 'enqueued') this.wake()
    })
    const slots = Math.max(1, this.options.concurrency ?? 1)
    this.loops = Array.from({ length: slots }, () => this.run({}))
    const { laneMinPriority } = this.options
    if (laneMinPriority !== undefined) this.loops.push(this.run({ minPriority: laneMinPriority }))
    return this
  }

  /** Work may be waiting (a job was enqueued): idle slots claim now instead of after their pause. */
  wake(): void {
    for (const resume of this.sleepers) resume()
    this.sleepers.clear()
  }

  /** The pause between claims of an idle slot: the slow fallback when no signal comes. */
  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        this.sleepers.delete(done)
        resolve()
      }
      const timer = setTimeout(done, ms)
      this.sleepers.add(done)
    })
  }

  /** Stops claiming; jobs being worked on are aborted and released for another runner. */
  async stop(): Promise<void> {
    this.stopping = true
    this.unsubscribe?.()
    this.wake()
    for (const each of this.current) each.abort.abort()
    await Promise.all(this.loops)
    clearInterval(this.beatTimer)
    await this.beat(true)
  }

  private async beat(stopped = false): Promise<void> {
    const { queue, runnerClass, name, log } = this.options
    const beat: RunnerBeat = {
      id: this.id,
      runnerClass,
      host: hostname(),
      pid: process.pid,
      name,
      startedAt: this.startedAt,
      jobsDone: this.jobsDone,
      currentJob: [...this.current].map((each) => each.claimed.job.id).join(', ') || null,
      beatMs: this.beatMs,
      ...(stopped ? { stopped: true } : {}),
    }
    await queue.announce(beat).catch((error) => log.warn({ err: error }, 'runner heartbeat failed'))
  }

  private async run(claimOptions: ClaimOptions): Promise<void> {
    const { queue, runnerClass, leaseMs, idleMs, log } = this.options
    while (!this.stopping) {
      let claimed: ClaimedJob<unknown> | null
      try {
        claimed = await queue.claim(runnerClass, this.id, leaseMs, claimOptions)
      } catch (error) {
        log.error({ err: error }, 'claim failed')
        await this.idle(idleMs)
        continue
      }
      if (!claimed) {
        await this.idle(idleMs)
        continue
      }
      await this.work(claimed)
    }
  }

  private async work(claimed: ClaimedJob<unknown>): Promise<void> {
    const { queue, handlers, leaseMs, jobDeadlineMs, log } = this.options
    const { lease, job } = claimed
    const abort = new AbortController()
    const current: Current = { claimed, abort }
    this.current.add(current)
    const kind = jobKindOf(job.payload)
    const jobLog = log.child({ job: job.id, attempt: lease.attempt, kind })
    jobLog.info('working')
    void this.beat()

    let leaseLost = false
    let pastDeadline = false
    const heartbeat = setInterval(
      () => {
        queue.heartbeat(lease, leaseMs).then(
          (held) => {
            if (held || leaseLost) return
            leaseLost = true
            jobLog.warn('lease lost: another runner has this job now')
            abort.abort()
          },
          (error) => jobLog.error({ err: error }, 'heartbeat failed'),
        )
      },
      Math.max(100, Math.floor(leaseMs / 3)),
    )
    const deadline =
      jobDeadlineMs === undefined
        ? undefined
        : setTimeout(() => {
            // Stop keeping the lease: the queue retries the job elsewhere (a bounded number of times).
            pastDeadline = true
            clearInterval(heartbeat)
            jobLog.warn({ jobDeadlineMs }, 'job ran past its deadline: aborted, its lease left to lapse')
            abort.abort()
          }, jobDeadlineMs)

    // Published one after another so they arrive in order.
    let published = Promise.resolve()
    const onProgress = (event: unknown) => {
      published = published.then(() =>
        queue.progress(lease, event).then(
          () => undefined,
          () => undefined,
        ),
      )
    }

    try {
      const handler = handlers[kind]
      if (!handler) throw new Error(`This runner cannot do jobs of kind "${kind}".`)
      const result = await handler(job as JobInfo<unknown, never>, {
        lease,
        signal: abort.signal,
        onProgress,
        log: jobLog,
      })
      await published
      if (this.stopping && abort.signal.aborted) {
        await queue.release(lease)
        jobLog.info('stopped while working: job given back')
      } else if (!leaseLost && !pastDeadline) {
        const outcome = await queue.complete(lease, result)
        this.jobsDone++
        this.options.onFinished?.(job.id)
        jobLog.info({ ...summaryOf(result), outcome }, 'done')
      }
    } catch (error) {
      await published
      if (this.stopping) {
        await queue.release(lease).catch(() => false)
      } else if (!leaseLost && !pastDeadline) {
        jobLog.error({ err: error }, 'job failed')
        await queue.fail(lease, (error as Error).message ?? String(error)).catch((failure) => {
          jobLog.error({ err: failure }, 'could not fail the job; its lease will lapse')
        })
        this.jobsDone++
        this.options.onFinished?.(job.id)
      }
    } finally {
      clearInterval(heartbeat)
      clearTimeout(deadline)
      this.current.delete(current)
      void this.beat()
    }
  }
}

function summaryOf(result: unknown): Record<string, unknown> {
  const { status, tier } = (result ?? {}) as { status?: unknown; tier?: unknown }
  return { status, tier }
}
