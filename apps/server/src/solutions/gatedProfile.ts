import { type ArenaDb, findChallengeById, type SubmissionRow } from '@arena/db'
import type { ProfileResult } from '@arena/grader'
import { solvedOrOwns } from './readAccess.ts'

/**
 * A submission's view with its profiles as the viewer may see them (issue 18.1). The reference's
 * profile names the reference's hot lines and quotes them: it is the reference solution in part, so it
 * goes only to those who may read the reference (solvedOrOwns, the gate of the editorial and the
 * reference in 18.3), e.g. not to a group's instructor who has not solved the challenge, whoever's
 * submission they read.
 */
export function withGatedProfile<View extends { profile?: ProfileResult }>(
  db: ArenaDb,
  viewer: { id: number; role: string },
  submission: Pick<SubmissionRow, 'challengeId' | 'challengeKey'>,
  view: View,
): View {
  if (!view.profile?.reference) return view
  const packId = findChallengeById(db, submission.challengeId)?.pack.packId
  if (packId !== undefined && solvedOrOwns(db, viewer, packId, submission.challengeKey)) return view
  const { reference: _hidden, ...mine } = view.profile
  return { ...view, profile: mine }
}
