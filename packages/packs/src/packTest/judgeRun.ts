import type { GradeResult } from '@arena/grader'
import type { ChallengeConfig } from '../schema.ts'
import { largestCase } from './largestCase.ts'
import type { PlannedRun } from './planRuns.ts'

export type RunJudgement = { ok: true } | { ok: false; reason: string }

/** Whether a grading result is what the solution's role demands; the reason says what to fix. */
export function judgeRun(run: PlannedRun, result: GradeResult, config: ChallengeConfig): RunJudgement {
  const got = result.message ? `${result.status} (${result.message})` : result.status
  if (run.expect === 'NotAccepted') {
    if (result.status === 'Accepted') {
      return {
        ok: false,
        reason:
          run.role === 'starter'
            ? 'the starter passes every test; it should compile but not pass'
            : 'expected to be rejected, but was Accepted',
      }
    }
    if (result.status === 'InternalError') return { ok: false, reason: `grader fault: ${got}` }
    return { ok: true }
  }
  if (result.status !== run.expect) return { ok: false, reason: `expected ${run.expect}, got ${got}` }
  if (run.role !== 'baseline') return { ok: true }

  const largest = largestCase(result.perf)
  if (!largest) return { ok: false, reason: 'no performance trial result for the baseline' }
  const speedup = 1 / largest.ratio
  const wanted = config.perf.minBaselineSpeedup
  if (speedup < wanted) {
    return {
      ok: false,
      reason: `the reference is only ${speedup.toFixed(2)}× faster than the baseline on "${largest.name}" (perf.minBaselineSpeedup: ${wanted})`,
    }
  }
  return { ok: true }
}
