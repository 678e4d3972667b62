import type { ArenaDb } from '@arena/db'
import type { GradeResult, ProgressEvent } from '@arena/grader'
import { BullQueue, type GradeJobPayload, SqliteQueue } from '@arena/queue'
import type { Logger } from 'pino'
import type { ServerConfig } from '../config.ts'
import type { GradeQueue } from '../grading/gradeQueue.ts'

/** BullMQ on the fleet's Redis when REDIS_URL is set; else the embedded queue in the server's SQLite file. */
export function openGradeQueue(config: ServerConfig, db: ArenaDb, log: Logger): GradeQueue {
  const onError = (error: unknown) => log.error({ err: error }, 'queue')
  if (config.redisUrl) {
    return new BullQueue<GradeJobPayload, GradeResult, ProgressEvent>({
      url: config.redisUrl,
      onError,
      stalledIntervalMs: Math.min(5000, config.leaseMs),
    })
  }
  // The queue shares the server's connection: one process, one writer, no lock contention.
  return new SqliteQueue<GradeJobPayload, GradeResult, ProgressEvent>({ database: db.$client, onError })
}

/** The runner arguments that name the queue the server uses. */
export function queueArgs(config: ServerConfig): string[] {
  return config.redisUrl ? ['--redis', config.redisUrl] : ['--db', config.dbFile]
}

/**
 * Looks for jobs whose runner died, every lease, from the server too: runners do it as they claim
 * (and BullMQ's stalled checker runs in each of them), but when the last runner of a class dies, its
 * job would otherwise show as running until another runner of that class starts. Back in the queue it
 * says what it waits for (e.g. no GPU runner online).
 */
export function startLeaseSweeper(queue: GradeQueue, leaseMs: number, log: Logger): () => void {
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    queue
      .requeueExpired()
      .then((changed) => {
        if (changed > 0)
          log.warn({ jobs: changed }, 'jobs of runners that stopped responding went back to the queue')
      })
      .catch((error) => log.error({ err: error }, 'looking for expired leases failed'))
      .finally(() => {
        running = false
      })
  }, leaseMs)
  timer.unref()
  return () => clearInterval(timer)
}
