import { type ArenaDb, findChallengeById, type SubmissionRow } from '@arena/db'
import type { PerfResult } from '@arena/grader'
import { solvedOrOwns } from './readAccess.ts'

/**
 * A submission's view with the reference's job DAGs (issue 20) as the viewer may see them. The
 * reference's DAG names its transformations in order (`reduceByKey (map side)`, `sortBy`): the
 * reference's plan, so it goes only to those who may read the reference, as its profile does
 * (gatedProfile.ts). Its counters stay: the evidence tables compare them already, as for every engine.
 */
export function withGatedJobGraphs<View extends { perf: PerfResult | null }>(
  db: ArenaDb,
  viewer: { id: number; role: string },
  submission: Pick<SubmissionRow, 'challengeId' | 'challengeKey'>,
  view: View,
): View {
  const cases = view.perf?.cases
  if (!view.perf || !cases?.some((perfCase) => perfCase.reference.jobGraphs)) return view
  const packId = findChallengeById(db, submission.challengeId)?.pack.packId
  if (packId !== undefined && solvedOrOwns(db, viewer, packId, submission.challengeKey)) return view
  const hidden = cases.map(({ reference: { jobGraphs: _hidden, ...reference }, ...perfCase }) => ({
    ...perfCase,
    reference,
  }))
  return { ...view, perf: { ...view.perf, cases: hidden } }
}
