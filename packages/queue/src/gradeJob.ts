/**
 * The payload of a grading job: everything a runner needs to grade a submission, so that a runner
 * needs no access to the platform's database (a fleet runner only sees the queue).
 */
export interface GradeJobPayload {
  /** What the runner does with the job (its handler); absent means `grade`. */
  kind?: 'grade'
  submissionId: number
  /** `<pack>/<slug>` */
  challengeId: string
  packId: string
  slug: string
  /** The content hash of the pack version the submission is graded on; the runner verifies it. */
  packHash: string
  source: string
  mode: 'samples' | 'full'
}

/**
 * Queue priorities of grading: a Run (samples only, quick) before Submits. A runner's reserved lane
 * claims only jobs of RUN_PRIORITY or more, so a Run never waits for the Submit a runner holds.
 */
export const RUN_PRIORITY = 1
export const SUBMIT_PRIORITY = 0

/** The queue job id of a submission. */
export function gradeJobId(submissionId: number): string {
  return `submission-${submissionId}`
}

/** The handler a runner dispatches a job to: `payload.kind`, `grade` when absent. */
export function jobKindOf(payload: unknown): string {
  const kind = (payload as { kind?: unknown } | null)?.kind
  return typeof kind === 'string' ? kind : 'grade'
}
