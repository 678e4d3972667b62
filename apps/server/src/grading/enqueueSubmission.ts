import type { SubmissionRow } from '@arena/db'
import { gradeJobId, RUN_PRIORITY, SUBMIT_PRIORITY } from '@arena/queue'
import type { GradeQueue } from './gradeQueue.ts'

/**
 * Puts a submission on the queue (a no-op when its job exists). A Run goes before Submits, and a
 * runner's reserved lane takes it even while the runner grades a Submit (packages/queue README).
 */
export async function enqueueSubmission(
  queue: GradeQueue,
  submission: SubmissionRow,
  packId: string,
  /** Fair-share group (runners/queueLimits.ts fairGroupOf); the user alone when not given. */
  group = `user-${submission.userId}`,
): Promise<void> {
  const slug = submission.challengeKey.slice(packId.length + 1)
  await queue.enqueue({
    id: gradeJobId(submission.id),
    runnerClass: submission.runnerClass,
    priority: submission.mode === 'samples' ? RUN_PRIORITY : SUBMIT_PRIORITY,
    group,
    payload: {
      submissionId: submission.id,
      challengeId: submission.challengeKey,
      packId,
      slug,
      packHash: submission.packHash,
      source: submission.source,
      mode: submission.mode,
    },
  })
}
