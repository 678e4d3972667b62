import { type ArenaDb, recentGradingDurations } from '@arena/db'
import { type GradeJobPayload, type JobInfo, RUN_PRIORITY } from '@arena/queue'
import { runnersOnlineFor } from '../runners/runnerAvailability.ts'
import type { GradeQueue } from './gradeQueue.ts'
import { estimateWaitMs } from './waitEstimate.ts'

/** Recent gradings a wait is estimated from (per mode and runner class). */
const RECENT_GRADINGS = 20

export interface QueuePosition {
  /** Queued jobs of the same class a runner takes first. */
  ahead: number
  /** Runners online that take the job (0: it waits until one starts). */
  runnersOnline: number
  /** The expected wait until a runner starts it, from recent gradings; null when no runner is online. */
  waitEstimateMs: number | null
}

/** Where a queued grading job stands: its place, the runners that take it, and the wait to expect. */
export async function queuePosition(
  db: ArenaDb,
  queue: GradeQueue,
  job: JobInfo<GradeJobPayload, unknown>,
): Promise<QueuePosition> {
  const [ahead, runsAhead, runnersOnline] = await Promise.all([
    queue.ahead(job.id),
    queue.ahead(job.id, { minPriority: RUN_PRIORITY }),
    runnersOnlineFor(queue, job.runnerClass),
  ])
  const mode = job.payload.mode
  const recent = (of: 'samples' | 'full') =>
    recentGradingDurations(db, { mode: of, runnerClass: job.runnerClass, limit: RECENT_GRADINGS })
  const waitEstimateMs = estimateWaitMs({
    mode,
    runsAhead,
    submitsAhead: Math.max(0, ahead - runsAhead),
    runnersOnline,
    recentRunMs: recent('samples'),
    recentSubmitMs: mode === 'full' ? recent('full') : [],
  })
  return { ahead, runnersOnline, waitEstimateMs }
}
