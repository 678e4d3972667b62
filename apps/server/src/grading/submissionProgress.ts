import { findUserSubmission } from '@arena/db'
import type { Verdict } from '@arena/grader'
import { gradeJobId } from '@arena/queue'
import type { SubmissionProgress } from '../api/types.ts'
import type { Context } from '../trpc/context.ts'
import { AsyncChannel } from '../util/AsyncChannel.ts'
import { queuePosition } from './queuePosition.ts'

/** How often a queued job's place and wait are looked at again (a new event only when they changed). */
const QUEUED_REFRESH_MS = 1000

/**
 * The live progress of a submission: where it stands now first (so a late subscriber is never left
 * waiting), then the grader's events, and `done` once the result is stored and `submission.get`
 * returns it. The grader's own `done` is dropped: it comes before the result is stored.
 */
export async function* submissionProgress(
  ctx: Context,
  userId: number,
  submissionId: number,
  signal: AbortSignal | undefined,
): AsyncGenerator<SubmissionProgress> {
  const channel = new AsyncChannel<SubmissionProgress>(signal)
  const jobId = gradeJobId(submissionId)
  let lastSeq = 0
  const pushProgress = (seq: number, event: SubmissionProgress) => {
    if (seq <= lastSeq) return
    lastSeq = seq
    if (event.phase !== 'done') channel.push(event)
  }
  const finish = async (status: Verdict) => {
    // The result can be stored before the watcher's next poll: deliver the events it has not yet.
    for (const progress of await ctx.queue.progressOf(jobId, lastSeq).catch(() => [])) {
      pushProgress(progress.seq, progress.event as SubmissionProgress)
    }
    channel.push({ phase: 'done', status })
    channel.close()
  }
  // While the job is queued its place changes as the jobs ahead are taken: look again every second
  // and send a `queued` event when the place, the runners or the wait changed.
  let waiting = false
  let looking = false
  let lastQueued = ''
  let refresh: NodeJS.Timeout | undefined
  const lookAgain = async () => {
    if (looking) return
    looking = true
    try {
      const queued = await queuedEvent(ctx, jobId).catch(() => undefined)
      const key = JSON.stringify(queued)
      // A look that ends after the job left the queue is not news.
      if (!queued || !waiting || key === lastQueued) return
      lastQueued = key
      channel.push(queued)
    } finally {
      looking = false
    }
  }
  const setWaiting = (now: boolean) => {
    waiting = now
    if (now && !refresh) {
      lastQueued = ''
      void lookAgain()
      refresh = setInterval(() => void lookAgain(), QUEUED_REFRESH_MS)
    } else if (!now && refresh) {
      clearInterval(refresh)
      refresh = undefined
    }
  }
  const offStored = ctx.results.onStored(submissionId, (status) => {
    setWaiting(false)
    void finish(status)
  })
  const stopWatching = ctx.queue.watch(jobId, (event) => {
    if (event.type === 'progress') {
      setWaiting(false)
      pushProgress(event.seq, event.event as SubmissionProgress)
    }
    if (event.type === 'state') setWaiting(event.state === 'queued')
  })
  try {
    // Read after subscribing: a result stored in between is then seen here or by the listener.
    const current = findUserSubmission(ctx.db, submissionId, userId)?.submission
    if (current?.status === 'done') {
      // Already graded: the verdict is all a late subscriber needs.
      channel.push({ phase: 'done', status: current.verdict as Verdict })
      channel.close()
    } else if (!(await ctx.queue.get(jobId))) {
      // Not on the queue and no result: the server restarts re-enqueue such submissions.
      channel.push({ phase: 'queued', ahead: 0, waitEstimateMs: null })
    }
    yield* channel
  } finally {
    setWaiting(false)
    offStored()
    stopWatching()
  }
}

/**
 * Where a queued job stands: how many go first, whether any runner that takes it is online, and the
 * wait to expect; undefined once it is no longer queued.
 */
async function queuedEvent(ctx: Context, jobId: string): Promise<SubmissionProgress | undefined> {
  const job = await ctx.queue.get(jobId)
  if (job?.state !== 'queued') return undefined
  const { ahead, runnersOnline, waitEstimateMs } = await queuePosition(ctx.db, ctx.queue, job)
  return { phase: 'queued', ahead, runnersOnline, runnerClass: job.runnerClass, waitEstimateMs }
}
