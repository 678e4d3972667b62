import {
  type ArenaDb,
  findAuthoredPack,
  findGameProfile,
  findUserById,
  hasSolved,
  type SubmissionRow,
  teachesChallengeTo,
} from '@arena/db'

/** Why a user who did not write a submission may read it (code and report). */
export type ReadAs = 'instructor' | 'solver'

/**
 * Someone else's submission is readable by (1) an owner or instructor of a group the author belongs
 * to that assigns the challenge (issue 18.5: instructors read their students' code), and (2) a learner
 * who solved the challenge too, when the author shared that Accepted full submission (18.3). Nobody
 * else: the answer is the same as for an id that does not exist.
 */
export function readAccess(db: ArenaDb, viewerId: number, submission: SubmissionRow): ReadAs | undefined {
  if (submission.userId === viewerId) return undefined
  if (teachesChallengeTo(db, viewerId, submission.userId, submission.challengeKey)) return 'instructor'
  const shared = submission.shared && submission.mode === 'full' && submission.verdict === 'Accepted'
  if (shared && hasSolved(db, viewerId, submission.challengeKey)) return 'solver'
  return undefined
}

/** The author as the reader may name them: a learner who hides from boards stays anonymous to solvers. */
export function authorName(db: ArenaDb, authorId: number, readAs: ReadAs): string | null {
  if (readAs === 'solver' && findGameProfile(db, authorId)?.hidden) return null
  return findUserById(db, authorId)?.username ?? null
}

/**
 * What only those who solved a challenge may see (the reference, the editorial, shared solutions):
 * a learner with an Accepted full Submit on it (any version), the pack's owner, and admins.
 */
export function solvedOrOwns(
  db: ArenaDb,
  user: { id: number; role: string },
  packId: string,
  challengeKey: string,
): boolean {
  if (user.role === 'admin' || findAuthoredPack(db, packId)?.ownerId === user.id) return true
  return hasSolved(db, user.id, challengeKey)
}
