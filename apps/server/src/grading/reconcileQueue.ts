import { type ArenaDb, findChallengeById, listUnfinishedSubmissions } from '@arena/db'
import { gradeJobId } from '@arena/queue'
import { enqueueSubmission } from './enqueueSubmission.ts'
import type { GradeQueue } from './gradeQueue.ts'

/**
 * Makes sure every submission without a result has a job: a crash between storing a submission and
 * enqueueing it would otherwise leave it waiting forever. Returns how many were enqueued.
 */
export async function reconcileQueue(db: ArenaDb, queue: GradeQueue): Promise<number> {
  let enqueued = 0
  for (const submission of listUnfinishedSubmissions(db)) {
    if (await queue.get(gradeJobId(submission.id))) continue
    const found = findChallengeById(db, submission.challengeId)
    if (!found) continue
    await enqueueSubmission(queue, submission, found.pack.packId)
    enqueued++
  }
  return enqueued
}
