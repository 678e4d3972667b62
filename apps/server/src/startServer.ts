import { deleteExpiredSessions, findSubmission, openDatabase, pruneThrottle } from '@arena/db'
import { SqliteQueue } from '@arena/queue'
import type { FastifyInstance } from 'fastify'
import { type Logger, pino } from 'pino'
import { buildApp } from './app/buildApp.ts'
import { fillUsernameSkeletons } from './auth/fillUsernameSkeletons.ts'
import type { ServerConfig } from './config.ts'
import { awardGame } from './game/awardGame.ts'
import { backfillGame } from './game/backfillGame.ts'
import { ResultCollector } from './grading/ResultCollector.ts'
import { reconcileQueue } from './grading/reconcileQueue.ts'
import { importPacks } from './packs/importPacks.ts'
import { openGradeQueue, queueArgs, startLeaseSweeper } from './runners/openGradeQueue.ts'
import { RunnerSupervisor } from './runners/RunnerSupervisor.ts'

export interface RunningServer {
  app: FastifyInstance
  url: string
  runners: RunnerSupervisor
  close(): Promise<void>
}

/**
 * Everything `npm start` brings up: the database (migrated), the packs (imported by hash), the queue
 * and its result collector, N runner processes, and the HTTP server.
 */
export async function startServer(config: ServerConfig, logger?: Logger): Promise<RunningServer> {
  const log = logger ?? pino({ level: config.logLevel })
  const db = openDatabase(config.dbFile, { migrate: true })
  deleteExpiredSessions(db)
  fillUsernameSkeletons(db)
  const queue = openGradeQueue(config, db, log)
  const stopSweeper = startLeaseSweeper(queue, config.leaseMs, log)
  await importPacks(db, config, log)
  const requeued = await reconcileQueue(db, queue)
  if (requeued > 0) log.warn({ requeued }, 'submissions without a job were put back on the queue')

  backfillGame(db, log)
  const results = new ResultCollector(db, queue, log, {
    defaultRunnerClass: config.runnerClass,
    afterStore: (submissionId) => {
      const userId = findSubmission(db, submissionId)?.userId
      if (userId !== undefined) awardGame(db, userId, submissionId)
    },
  }).start()
  const runnerArgs = [
    ...queueArgs(config),
    '--challenges',
    config.challengesDir,
    '--pack-store',
    config.packStoreDir,
    '--lease-ms',
    String(config.leaseMs),
  ]
  // A GPU runner beside them when this machine has a GPU adapter (a `--gpu` runner without one exits).
  const gpuRunners = new RunnerSupervisor({
    count: config.gpuRunners === 'auto' ? 1 : config.gpuRunners,
    log,
    namePrefix: 'gpu-runner',
    args: ['--gpu', ...runnerArgs],
    onJobFinished: () => results.jobFinished(),
  }).start()
  const runners = new RunnerSupervisor({
    count: config.runners,
    log,
    args: ['--class', config.runnerClass, ...runnerArgs],
    onJobFinished: () => results.jobFinished(),
  }).start()
  // Push, not poll: an enqueue wakes the local runners over IPC (the SQLite queue cannot signal
  // other processes; BullMQ runners also hear it from Redis).
  const stopWaking = queue.onSignal((signal) => {
    if (signal.type !== 'enqueued') return
    runners.wake()
    gpuRunners.wake()
  })
  const maintenance = setInterval(() => {
    deleteExpiredSessions(db)
    pruneThrottle(db, Date.now() - 86_400_000)
    if (queue instanceof SqliteQueue) void queue.prune(7 * 86_400_000)
  }, 3_600_000)
  maintenance.unref()

  const app = await buildApp({ db, queue, results, config }, log)
  const url = await app.listen({ port: config.port, host: config.host })
  log.info({ url, runners: config.runners }, `Alpaca Arena is up: ${url}`)

  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= (async () => {
      clearInterval(maintenance)
      stopSweeper()
      stopWaking()
      // Runners first, in parallel with the HTTP server: they give their jobs back to the queue.
      await Promise.all([runners.stop(), gpuRunners.stop(), app.close()])
      await results.stop()
      await results.drain()
      await queue.close()
      db.$client.close()
    })()
    return closing
  }
  return { app, url, runners, close }
}
