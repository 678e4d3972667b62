import { findUserSubmission } from '@arena/db'
import type { Verdict } from '@arena/grader'
import { gradeJobId } from '@arena/queue'
import type { SubmissionProgress } from '../api/types.ts'
import { runnersOnlineFor } from '../runners/runnerAvailability.ts'
import type { Context } from '../trpc/context.ts'
import { AsyncChannel } from '../util/AsyncChannel.ts'

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
  const offStored = ctx.results.onStored(submissionId, (status) => void finish(status))
  const stopWatching = ctx.queue.watch(jobId, (event) => {
    if (event.type === 'progress') pushProgress(event.seq, event.event as SubmissionProgress)
    if (event.type === 'state' && event.state === 'queued') {
      void queuedEvent(ctx, jobId).then((queued) => channel.push(queued))
    }
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
      channel.push({ phase: 'queued', ahead: 0 })
    }
    yield* channel
  } finally {
    offStored()
    stopWatching()
  }
}

/** Where a queued job stands: how many go first, and whether any runner that takes it is online. */
async function queuedEvent(ctx: Context, jobId: string): Promise<SubmissionProgress> {
  const [ahead, job] = await Promise.all([ctx.queue.ahead(jobId), ctx.queue.get(jobId)])
  if (!job) return { phase: 'queued', ahead }
  const runnersOnline = await runnersOnlineFor(ctx.queue, job.runnerClass)
  return { phase: 'queued', ahead, runnersOnline, runnerClass: job.runnerClass }
}
