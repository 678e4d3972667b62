import { type GradeResult, readGradeResult } from '@arena/grader'
import type { GradeJobPayload, JobInfo } from '@arena/queue'

/**
 * A finished grade job with its result held to the grade result contract before anything stores it:
 * a runner of another release (or a tampered one) that sends a result of another shape gets its job
 * stored as a failure that says so, never as half-read data the report would show wrongly.
 */
export function checkedResult(
  job: JobInfo<GradeJobPayload, GradeResult>,
): JobInfo<GradeJobPayload, GradeResult> {
  if (job.state !== 'completed' || job.result === null) return job
  const read = readGradeResult(job.result)
  if (read.ok) return { ...job, result: read.result }
  return {
    ...job,
    state: 'failed',
    result: null,
    error: `the runner's result does not match the grade result contract (${read.problem}).`,
  }
}
