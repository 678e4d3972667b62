import { GOLD_AT, type GradeResult } from '@arena/grader'
import type { ChallengeConfig } from '../schema.ts'
import { largestCase } from './largestCase.ts'
import type { PlannedRun } from './planRuns.ts'

/** `note`: what the author should know of a run that passes (e.g. that its lesson could not be judged here). */
export type RunJudgement = { ok: true; note?: string } | { ok: false; reason: string }

/** Whether a grading result is what the solution's role demands; the reason says what to fix. */
export function judgeRun(run: PlannedRun, result: GradeResult, config: ChallengeConfig): RunJudgement {
  const got = result.message ? `${result.status} (${result.message})` : result.status
  if (run.role === 'probe') return judgeProbe(run.probe ?? run.solution, result, got)
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
  if (run.role === 'slow') return judgeSlow(result)
  if (run.role !== 'baseline') return { ok: true }

  const largest = largestCase(result.perf)
  if (!largest) return { ok: false, reason: 'no performance trial result for the baseline' }
  const speedup = 1 / largest.ratio
  const wanted = config.perf.minBaselineSpeedup
  // Unscored (a software GPU): kernels timed on the CPU rank kernels no better than plain JavaScript
  // (measured: histogram-atomics' privatized reference 0.92× its baseline on SwiftShader).
  if (result.perf?.score === undefined && speedup < wanted)
    return {
      ok: true,
      note: `baseline speed not judged (the reference is ${speedup.toFixed(2)}× faster on "${largest.name}"; perf.minBaselineSpeedup: ${wanted}): ${result.perf?.note ?? 'this trial has no score'} Run \`arena pack test --runner gpu\` on a hardware GPU to check it.`,
    }
  if (speedup < wanted) {
    return {
      ok: false,
      reason: `the reference is only ${speedup.toFixed(2)}× faster than the baseline on "${largest.name}" (perf.minBaselineSpeedup: ${wanted})`,
    }
  }
  return { ok: true }
}

/** A route around the lesson must stay below gold, or the lesson is not the only way to the best score. */
function judgeSlow(result: GradeResult): RunJudgement {
  if (!result.perf) return { ok: false, reason: 'no performance trial result for this slow solution' }
  // Unscored (a GPU challenge on a software GPU): plain JavaScript beats kernels run on the CPU, so
  // whether this route loses is a question for a hardware GPU, not a failure here.
  if (result.perf.score === undefined)
    return {
      ok: true,
      note: `route around the lesson not judged: ${result.perf.note ?? 'this trial has no score'} Run \`arena pack test --runner gpu\` on a hardware GPU to check that it stays below gold.`,
    }
  if (result.perf.score < GOLD_AT) return { ok: true }
  const largest = largestCase(result.perf)
  return {
    ok: false,
    reason:
      `this route around the lesson scores ${result.perf.score.toFixed(2)} (${result.perf.tier}` +
      (largest ? `; ${largest.ratio.toFixed(2)}× the reference on "${largest.name}"` : '') +
      `), at least gold (${GOLD_AT}): the lesson is not the only way to the best score. Change the inputs, limits or check so that it loses (see the author's guide, "Lessons that cannot be skipped")`,
  }
}

/** How the grader words a check that threw (packages/grader judgeOutput). */
const CHECK_THREW = 'The output could not be checked'

/** An output no solution returns must be a WrongAnswer (or any rejection), never Accepted or a fault of the check. */
function judgeProbe(what: string, result: GradeResult, got: string): RunJudgement {
  if (result.status === 'Accepted')
    return {
      ok: false,
      reason: `the check accepts ${what} as the output: check the output's type and shape before its values`,
    }
  // The grader turns a check that throws into this WrongAnswer: a verdict, but the learner reads the
  // check's own TypeError instead of what is wrong with the output.
  if (result.status === 'InternalError' || result.message?.startsWith(CHECK_THREW))
    return {
      ok: false,
      reason: `the check fails on ${what} (${got}): check an untrusted output's type before reading it and reject it with fail(...) that says what was expected`,
    }
  return { ok: true }
}
