import type { SubmissionRow } from '@arena/db'
import { gradeJobId } from '@arena/queue'
import type { GradeQueue } from './gradeQueue.ts'

/** Puts a submission on the queue (a no-op when its job exists). A Run goes before Submits: it is quick. */
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
    priority: submission.mode === 'samples' ? 1 : 0,
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
