import { EventEmitter } from 'node:events'
import {
  type ArenaDb,
  listUnfinishedSubmissions,
  markSubmissionRunning,
  recordSubmissionResult,
} from '@arena/db'
import type { Verdict } from '@arena/grader'
import { gradeJobId } from '@arena/queue'
import type { FastifyBaseLogger } from 'fastify'
import { checkedResult } from './checkedResult.ts'
import type { GradeQueue } from './gradeQueue.ts'
import { storedOutcome } from './storedOutcome.ts'

/**
 * Moves finished jobs from the queue into the submission tables: runner -> server -> database. Storing
 * is idempotent (the first result of a submission wins), and a job is acknowledged only after its
 * result is stored, so a crash in between stores it on the next start instead of losing it.
 */
export class ResultCollector {
  private readonly events = new EventEmitter()
  private timer: NodeJS.Timeout | undefined
  private draining: Promise<void> | undefined
  /** A finish was signalled while a pass ran (it may have looked already): one more pass after it. */
  private drainAgain = false
  private unsubscribe: (() => void) | undefined
  private stopped = false

  constructor(
    private readonly db: ArenaDb,
    private readonly queue: GradeQueue,
    private readonly log: FastifyBaseLogger,
    private readonly options: {
      /**
       * The slow fallback (default 1 s): results are stored when a finish is pushed (the queue's
       * signal, a local runner's IPC word via `jobFinished`); the poll covers a lost push.
       */
      pollMs?: number
      defaultRunnerClass: string
      /** Runs once a result is stored, before listeners hear of it (the game grants XP here). */
      afterStore?: (submissionId: number) => void
    },
  ) {
    this.events.setMaxListeners(0)
  }

  start(): this {
    this.unsubscribe = this.queue.onSignal((signal) => {
      if (signal.type === 'finished') this.jobFinished()
    })
    const tick = async () => {
      await this.drain()
      if (!this.stopped) this.timer = setTimeout(tick, this.options.pollMs ?? 1000)
    }
    void tick()
    return this
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.unsubscribe?.()
    if (this.timer) clearTimeout(this.timer)
    await this.draining
  }

  /** Calls `listener` once the result of this submission is stored. */
  onStored(submissionId: number, listener: (verdict: Verdict) => void): () => void {
    const name = `stored:${submissionId}`
    this.events.on(name, listener)
    return () => this.events.off(name, listener)
  }

  /** A job finished (pushed to us): store it now; a pass already under way is followed by another. */
  jobFinished(): void {
    if (this.draining) this.drainAgain = true
    else void this.drain()
  }

  /** Stores every finished job now; concurrent calls share one pass. */
  drain(): Promise<void> {
    this.draining ??= this.drainOnce().finally(() => {
      this.draining = undefined
      if (this.drainAgain && !this.stopped) {
        this.drainAgain = false
        void this.drain()
      }
    })
    return this.draining
  }

  private async drainOnce(): Promise<void> {
    try {
      await this.markRunning()
      for (;;) {
        const jobs = await this.queue.finished(50)
        if (jobs.length === 0) return
        for (const job of jobs) {
          // Other kinds of job (an authoring `pack-test`) keep their result in the queue for their owner.
          if ((job.payload as { kind?: string }).kind !== undefined) {
            await this.queue.acknowledge(job.id)
            continue
          }
          const outcome = storedOutcome(checkedResult(job), this.options.defaultRunnerClass)
          const submissionId = job.payload.submissionId
          const stored = recordSubmissionResult(this.db, submissionId, outcome)
          await this.queue.acknowledge(job.id)
          if (stored) {
            try {
              this.options.afterStore?.(submissionId)
            } catch (error) {
              // The result is stored; a failure after it must not hold the queue.
              this.log.error({ err: error, submissionId }, 'after storing a result')
            }
            this.log.info(
              { submissionId, verdict: outcome.verdict, attempt: job.attempt, tier: outcome.tier },
              'submission graded',
            )
            this.events.emit(`stored:${submissionId}`, outcome.verdict as Verdict)
          }
        }
      }
    } catch (error) {
      this.log.error({ err: error }, 'storing results failed; retrying')
    }
  }

  /** Mirrors claims into the submissions table (status running, started, attempt) for lists and stats. */
  private async markRunning(): Promise<void> {
    for (const submission of listUnfinishedSubmissions(this.db)) {
      const job = await this.queue.get(gradeJobId(submission.id))
      if (job?.state === 'running' && job.claimedAt && job.attempt !== submission.attempt) {
        markSubmissionRunning(this.db, submission.id, job.attempt, job.claimedAt)
      }
    }
  }
}
