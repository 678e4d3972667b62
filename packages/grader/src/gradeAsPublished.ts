import type { Grader } from './createGrader.ts'
import type { GradeRequest, GradeResult } from './types.ts'

/**
 * A grading as a runner publishes it (apps/runner's grade jobs, and the tiers bench that measures
 * what learners see): a measurement too noisy to rank (perf.noisy) is graded once more (`remeasure`):
 * the first one's tests and profile stand, and the second trial pools the first one's rounds (a second
 * draw alone turned noisy golds of the exact reference silver as often as it fixed them). That result
 * is published whatever it says, with the mark if it is still noisy. `first` is the noisy grading,
 * when there was one.
 */
export async function gradeAsPublished(
  grader: Pick<Grader, 'grade'>,
  request: GradeRequest,
  onNoisy?: (first: GradeResult) => void,
): Promise<{ result: GradeResult; first?: GradeResult }> {
  const first = await grader.grade(request)
  if (!first.perf?.noisy || request.signal?.aborted) return { result: first }
  onNoisy?.(first)
  return { result: await grader.grade({ ...request, remeasure: first }), first }
}
