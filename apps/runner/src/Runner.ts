import { setTimeout as sleep } from 'node:timers/promises'
import type { GradeResult, Grader, ProgressEvent } from '@arena/grader'
import { toGradable } from '@arena/packs'
import type { ClaimedJob, GradeJobPayload, JobQueue } from '@arena/queue'
import type { Logger } from 'pino'
import type { PackVersions } from './PackVersions.ts'

export type GradeQueue = JobQueue<GradeJobPayload, GradeResult, ProgressEvent>

export interface RunnerOptions {
  queue: GradeQueue
  grader: Grader
  packs: PackVersions
  runnerClass: string
  /** Names this runner in leases, e.g. `host:pid`. */
  owner: string
  leaseMs: number
  /** Pause between claims while the queue is empty. */
  idleMs: number
  log: Logger
}

/**
 * Claims jobs of its class one at a time and grades them: heartbeats keep the lease while grading, the
 * grader's progress events are published on the queue, and the GradeResult completes the job. A lost
 * lease aborts the grading (another runner has the job now); `stop` gives the current job back.
 */
export class Runner {
  private stopping = false
  private current: { claimed: ClaimedJob<GradeJobPayload>; abort: AbortController } | undefined
  private loop: Promise<void> | undefined

  constructor(private readonly options: RunnerOptions) {}

  start(): this {
    this.loop = this.run()
    return this
  }

  /** Stops claiming; a job being graded is aborted and released for another runner. */
  async stop(): Promise<void> {
    this.stopping = true
    this.current?.abort.abort()
    await this.loop
  }

  private async run(): Promise<void> {
    const { queue, runnerClass, owner, leaseMs, idleMs, log } = this.options
    while (!this.stopping) {
      let claimed: ClaimedJob<GradeJobPayload> | null
      try {
        claimed = await queue.claim(runnerClass, owner, leaseMs)
      } catch (error) {
        log.error({ err: error }, 'claim failed')
        await sleep(idleMs)
        continue
      }
      if (!claimed) {
        await sleep(idleMs)
        continue
      }
      await this.gradeJob(claimed)
    }
  }

  private async gradeJob(claimed: ClaimedJob<GradeJobPayload>): Promise<void> {
    const { queue, grader, packs, leaseMs, log } = this.options
    const { lease, job } = claimed
    const abort = new AbortController()
    this.current = { claimed, abort }
    const jobLog = log.child({ job: job.id, attempt: lease.attempt })
    jobLog.info({ challenge: job.payload.challengeId, mode: job.payload.mode }, 'grading')

    let leaseLost = false
    const heartbeat = setInterval(
      () => {
        queue.heartbeat(lease, leaseMs).then(
          (held) => {
            if (held) return
            leaseLost = true
            jobLog.warn('lease lost: another runner has this job now')
            abort.abort()
          },
          (error) => jobLog.error({ err: error }, 'heartbeat failed'),
        )
      },
      Math.max(100, Math.floor(leaseMs / 3)),
    )

    // Published one after another so they arrive in order.
    let published = Promise.resolve()
    const onProgress = (event: ProgressEvent) => {
      published = published.then(() =>
        queue.progress(lease, event).then(
          () => undefined,
          () => undefined,
        ),
      )
    }

    try {
      const { pack, challenge } = await packs.challenge(
        job.payload.packId,
        job.payload.packHash,
        job.payload.slug,
      )
      const result = await grader.grade({
        challenge: toGradable(pack, challenge),
        source: job.payload.source,
        mode: job.payload.mode,
        onProgress,
        signal: abort.signal,
      })
      await published
      if (this.stopping && abort.signal.aborted) {
        await queue.release(lease)
        jobLog.info('stopped while grading: job given back')
      } else if (!leaseLost) {
        const outcome = await queue.complete(lease, result)
        jobLog.info({ status: result.status, tier: result.tier, outcome }, 'graded')
      }
    } catch (error) {
      await published
      if (this.stopping) {
        await queue.release(lease)
      } else {
        jobLog.error({ err: error }, 'grading failed')
        await queue.fail(lease, (error as Error).message ?? String(error))
      }
    } finally {
      clearInterval(heartbeat)
      this.current = undefined
    }
  }
}
