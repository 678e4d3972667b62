import { fileURLToPath } from 'node:url'
import type { TaskOutcome } from '@arena/sandbox'
import type { ProfileRoundTask } from '../child/profileTask.ts'
import { engineGrant } from '../engineGrant.ts'
import type { PerfTrialOptions } from '../trial/runPerfTrial.ts'
import { memoryBudgetMb } from '../trial/sandboxCalls.ts'
import { deriveSeed } from '../trial/stats.ts'
import type { ProfileResult, ProfileSide } from '../types.ts'

export const PROFILE_MODULE = fileURLToPath(new URL('../child/profileTask.ts', import.meta.url))

/** V8's sampling interval for the profile round: 0.1 ms, so a 50 ms call still gets hundreds of samples. */
export const PROFILE_INTERVAL_US = 100
/**
 * The profiled run's limits are the challenge's times this: sampling slows a run (a few percent, more
 * on a busy machine), and a submission near its limit should still get a profile.
 */
const PROFILE_LIMIT_FACTOR = 2
const DEADLINE_SLACK_MS = 30_000
/**
 * A submission that ran out of time is profiled alone, up to this much of its call (or 80% of its
 * limits, if less): enough samples to show the hot line, and a failed Submit waits seconds, not a
 * second run of its whole limit.
 */
const TIME_LIMIT_CUT_MS = 4_000

/**
 * The profile round of a full Submit (issue 18.1): after the trial, in a task of its own (no round's
 * clock is running), the submission and then the reference run once each on a fresh input of the
 * largest perf case, with a CPU profile of the call. Never throws and never changes a verdict: what
 * fails is a reason in place of that side's profile.
 */
export async function profileLargestCase(
  options: Pick<
    PerfTrialOptions,
    | 'pool'
    | 'challenge'
    | 'testsBundle'
    | 'submission'
    | 'limits'
    | 'secretSeed'
    | 'runnerClass'
    | 'onProgress'
  > & { reference?: PerfTrialOptions['reference'] },
  /**
   * The submission ran out of time (its tests or the trial): profile it alone, cut short, so the
   * learner still sees where the time went. The reference is not run: its profile is for after solving.
   */
  after: 'accepted' | 'timeLimit' = 'accepted',
): Promise<ProfileResult> {
  const { challenge } = options
  const largest = challenge.perf.cases.at(-1)
  if (!largest)
    return { submission: { ok: false, reason: 'the challenge has no performance case to profile' } }
  // The score is in by now: the learner is told the untimed round runs, and on which case.
  options.onProgress?.({ phase: 'profiling', caseName: largest.name })
  const engines = engineGrant(challenge, options.runnerClass)
  const cutAfterMs =
    after === 'timeLimit'
      ? Math.min(TIME_LIMIT_CUT_MS, 0.8 * Math.min(options.limits.cpuMs, options.limits.wallMs))
      : undefined
  const limits =
    cutAfterMs === undefined
      ? {
          ...options.limits,
          cpuMs: options.limits.cpuMs * PROFILE_LIMIT_FACTOR,
          wallMs: options.limits.wallMs * PROFILE_LIMIT_FACTOR,
        }
      : {
          ...options.limits,
          cpuMs: Math.min(options.limits.cpuMs, cutAfterMs + 1000),
          wallMs: Math.min(options.limits.wallMs, cutAfterMs * 1.5 + 1000),
        }
  const task: ProfileRoundTask = {
    testsBundle: options.testsBundle,
    programs: [
      { program: options.submission, engines },
      ...(after === 'accepted' && options.reference ? [{ program: options.reference, engines }] : []),
    ],
    ...(cutAfterMs !== undefined ? { cutAfterMs: Math.round(cutAfterMs) } : {}),
    limits,
    // A seed of its own: not an input any timed round used.
    input: {
      kind: 'generated',
      seed: deriveSeed(options.secretSeed, largest.name, 'profile'),
      size: largest.size,
    },
    caseName: largest.name,
    intervalUs: PROFILE_INTERVAL_US,
  }
  let outcome: TaskOutcome<ProfileSide[]>
  try {
    outcome = await options.pool.run<ProfileSide[]>({
      module: PROFILE_MODULE,
      fn: 'runProfileRound',
      payload: task,
      deadlineMs: task.programs.length * limits.wallMs + task.testsBundle.wallMs + DEADLINE_SLACK_MS,
      memoryBudgetMb: memoryBudgetMb(
        { limits, engines, testsBundle: task.testsBundle },
        task.programs.length,
      ),
    })
  } catch (error) {
    // A closed pool (the runner is stopping): still no fault of the grading.
    outcome = { kind: 'failed', message: error instanceof Error ? error.message : String(error) }
  }
  if (outcome.kind !== 'done') {
    const reason = `the profile round did not finish (${lostReason(outcome)})`
    return task.programs.length > 1
      ? { submission: { ok: false, reason }, reference: { ok: false, reason } }
      : { submission: { ok: false, reason } }
  }
  const [submission, reference] = outcome.value
  return {
    submission: submission ?? { ok: false, reason: 'the profile round returned nothing' },
    ...(reference ? { reference } : {}),
  }
}

function lostReason(outcome: Exclude<TaskOutcome<unknown>, { kind: 'done' }>): string {
  switch (outcome.kind) {
    case 'failed':
      return outcome.message
    case 'deadline':
      return `no answer within ${Math.round(outcome.deadlineMs / 1000)} s`
    case 'crashed':
      return outcome.outOfMemory
        ? 'its process ran out of memory'
        : `its process stopped (${outcome.signal ?? outcome.exitCode})`
  }
}
