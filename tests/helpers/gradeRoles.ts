// What CI checks of a course challenge's solutions: each graded on the tests by the real grader, its
// verdict beside the one its role demands (reference and baseline Accepted, starter rejected, each wrong,
// slow and probe solution with its expected verdict), as `arena pack test` judges them.
import path from 'node:path'
import type { GradeResult, Grader } from '@arena/grader'
import { type Challenge, type Pack, type PlannedRun, planRuns, toGradable } from '@arena/packs'

/** Per solution (`reference`, `wrong/<name>`, …): the verdict seen, and the one its role demands. */
export interface RoleVerdicts {
  seen: Record<string, string>
  wanted: Record<string, string>
}

/**
 * Grades every planned run of `challenge` in tests mode (secret seed 1; a @perf-trial wrong solution in full). A solution rejected as its
 * role allows reads `NotAccepted`; one that differs from its role carries the grader's message, so
 * `expect(seen).toEqual(wanted)` says why. `inspect` sees each run's result (extra assertions).
 */
export async function gradeRoles(
  grader: Grader,
  pack: Pack,
  challenge: Challenge,
  inspect?: (run: PlannedRun, result: GradeResult) => void,
): Promise<RoleVerdicts> {
  const seen: Record<string, string> = {}
  const wanted: Record<string, string> = {}
  for (const run of planRuns(challenge)) {
    const result = await grader.grade({
      challenge: toGradable(pack, challenge),
      source: run.source,
      filename: path.basename(run.file),
      // A wrong solution marked @perf-trial is rejected only on a timed case: graded in full, as pack
      // test grades it; everything else on the tests (the trials are pack test's and the bench's).
      mode: run.role === 'wrong' && run.mode === 'full' ? 'full' : 'tests',
      secretSeed: 1,
    })
    inspect?.(run, result)
    const rejected =
      run.expect === 'NotAccepted' && result.status !== 'Accepted' && result.status !== 'InternalError'
    seen[run.solution] = rejected ? 'NotAccepted' : result.status
    wanted[run.solution] = run.expect
    if (seen[run.solution] !== run.expect) seen[run.solution] += ` (${result.message ?? ''})`
  }
  return { seen, wanted }
}
