import { claimableJobClasses, type RunnerStatus, SqliteQueue } from '@arena/queue'
import { authedProcedure, router } from '../trpc/init.ts'
import { refusal } from '../trpc/refusal.ts'

/** One runner as the admins' runners page shows it. */
export interface RunnerView {
  id: string
  name: string
  runnerClass: string
  host: string
  pid: number
  online: boolean
  busy: boolean
  /** The job ids it works on (one unless started with --concurrency). */
  currentJob: string | null
  jobsDone: number
  startedAt: string
  lastSeenAt: string
}

/** A job class with its queue and the runners that take it. */
export interface JobClassView {
  jobClass: string
  queued: number
  running: number
  failed: number
  runnersOnline: number
}

export interface FleetView {
  queue: 'sqlite' | 'bullmq'
  runners: RunnerView[]
  classes: JobClassView[]
}

/** Admins only: the fleet is the platform's machinery, not a learner's business. */
const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== 'admin') {
    throw refusal('FORBIDDEN', 'runnersForAdmins')
  }
  return next()
})

export const fleetRouter = router({
  overview: adminProcedure.query(async ({ ctx }): Promise<FleetView> => {
    const runners = await ctx.queue.runners()
    // The classes jobs are queued under: cpu, gpu, and any runner's own (gpu:<adapter>).
    const jobClasses = new Set(['cpu', 'gpu'])
    for (const runner of runners)
      for (const each of claimableJobClasses(runner.runnerClass)) jobClasses.add(each)
    const classes = await Promise.all(
      [...jobClasses].sort().map(async (jobClass): Promise<JobClassView> => {
        const counts = await ctx.queue.counts(jobClass)
        const online = runners.filter(
          (runner) => runner.online && claimableJobClasses(runner.runnerClass).includes(jobClass),
        )
        return {
          jobClass,
          queued: counts.queued,
          running: counts.running,
          failed: counts.failed,
          runnersOnline: online.length,
        }
      }),
    )
    return {
      queue: ctx.queue instanceof SqliteQueue ? 'sqlite' : 'bullmq',
      runners: runners.map(runnerView),
      classes,
    }
  }),
})

function runnerView(runner: RunnerStatus): RunnerView {
  return {
    id: runner.id,
    name: runner.name,
    runnerClass: runner.runnerClass,
    host: runner.host,
    pid: runner.pid,
    online: runner.online,
    busy: runner.online && runner.currentJob !== null,
    currentJob: runner.online ? runner.currentJob : null,
    jobsDone: runner.jobsDone,
    startedAt: runner.startedAt.toISOString(),
    lastSeenAt: runner.lastSeenAt.toISOString(),
  }
}
