import {
  type ArenaDb,
  acceptedSubmissionsToRegrade,
  type ChallengeWithPack,
  findChallengeById,
  insertRegrade,
  insertSubmission,
  type RegradeRow,
  regradeCounts,
} from '@arena/db'
import type { RegradeView } from '../api/authoringTypes.ts'
import { enqueueSubmission } from '../grading/enqueueSubmission.ts'
import type { GradeQueue } from '../grading/gradeQueue.ts'

/**
 * Grades every learner's newest accepted submission of a challenge again on its current version: a
 * new submission per learner (same source, `regradeOf` the old one) goes through the queue like any
 * other. The old submission and its result stay in the learner's history, attached to their version.
 */
export async function startRegrade(
  db: ArenaDb,
  queue: GradeQueue,
  current: ChallengeWithPack,
  requestedBy: number,
): Promise<RegradeRow> {
  const old = acceptedSubmissionsToRegrade(db, current.challenge.key, current.challenge.id)
  const regrade = insertRegrade(db, {
    challengeKey: current.challenge.key,
    challengeId: current.challenge.id,
    requestedBy,
    total: old.length,
  })
  for (const submission of old) {
    const again = insertSubmission(db, {
      userId: submission.userId,
      challengeId: current.challenge.id,
      challengeKey: current.challenge.key,
      packHash: current.pack.hash,
      source: submission.source,
      mode: 'full',
      runnerClass: submission.runnerClass,
      regradeId: regrade.id,
      regradeOf: submission.id,
    })
    await enqueueSubmission(queue, again, current.pack.packId)
  }
  return regrade
}

export function regradeView(db: ArenaDb, regrade: RegradeRow): RegradeView {
  const counts = regradeCounts(db, regrade.id)
  return {
    id: regrade.id,
    challengeKey: regrade.challengeKey,
    packVersion: findChallengeById(db, regrade.challengeId)?.pack.version ?? 0,
    total: regrade.total,
    done: counts.done,
    accepted: counts.accepted,
    createdAt: regrade.createdAt.toISOString(),
  }
}
