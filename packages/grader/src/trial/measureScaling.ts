import { availableParallelism } from 'node:os'
import { engineGrant } from '../engineGrant.ts'
import type { GradableChallenge, ParallelScaling, PerfResult } from '../types.ts'
import { type PerfTrialOptions, runPerfTrial } from './runPerfTrial.ts'

/** Rounds and time the scaling trial may take on top of the main trial: it is a report, not the score. */
const SCALING_MAX_ROUNDS = 15
const SCALING_BUDGET_MS = 15_000

/** Challenges whose submissions may use more than one pool worker: their results say how they scale. */
export function measuresScaling(challenge: GradableChallenge): boolean {
  return challenge.engines.includes('pool') && challenge.limits.workers > 1
}

/**
 * The submission on all its workers against the same submission on one worker, interleaved on the
 * same inputs of the largest perf case (the trial's own machinery, so the speedup has an interval).
 * Undefined when the one-worker run fails: the scaling report is then left out, the verdict stands.
 */
export async function measureScaling(
  options: PerfTrialOptions,
  main: PerfResult,
): Promise<ParallelScaling | undefined> {
  const { challenge } = options
  const largest = challenge.perf.cases.at(-1)
  if (!largest) return undefined
  // A submission whose workers never ran a task used one core: its speedup over one worker is 1 by
  // construction. Measured instead, it was noise: a busy machine once read a one-core baseline's
  // wall-clock speedup as 2.0 (efficiency 100%, and the "every core busy" badge with it).
  const mainLargest = main.cases.find((each) => each.name === largest.name)
  if (mainLargest && mainLargest.submission.counters?.tasks === 0) {
    return scalingOf(
      challenge,
      largest.name,
      mainLargest.submission,
      1,
      [1, 1],
      mainLargest.submission.medianNs,
    )
  }
  const scalingChallenge: GradableChallenge = {
    ...challenge,
    perf: {
      ...challenge.perf,
      cases: [largest],
      maxRounds: Math.max(challenge.perf.minRounds, Math.min(challenge.perf.maxRounds, SCALING_MAX_ROUNDS)),
      budgetMs: Math.min(challenge.perf.budgetMs, SCALING_BUDGET_MS),
    },
  }
  const trial = await runPerfTrial({
    ...options,
    // One worker against all of them: the main trial's rounds (reference against submission) are other work.
    carryFrom: undefined,
    challenge: scalingChallenge,
    reference: options.submission,
    referenceEngines: { ...engineGrant(challenge, options.runnerClass), workers: 1 },
    onProgress: (event) =>
      options.onProgress?.(
        event.phase === 'perf' ? { ...event, caseName: `${event.caseName} · scaling (1 worker)` } : event,
      ),
  })
  const measured = trial.ok ? trial.perf.cases[0] : undefined
  if (!measured) return undefined
  // ratio = one-worker time / all-workers time: the speedup itself.
  return scalingOf(
    challenge,
    largest.name,
    measured.submission,
    measured.ratio,
    measured.interval,
    measured.reference.medianNs,
  )
}

/** The report, on the workers the submission ran on: the challenge's limit, capped by the runner's cores. */
function scalingOf(
  challenge: GradableChallenge,
  caseName: string,
  submission: { counters?: Record<string, number> | undefined; medianNs: number },
  speedup: number,
  interval: [number, number],
  oneWorkerNs: number,
): ParallelScaling {
  const workers = submission.counters?.workers ?? Math.min(challenge.limits.workers, availableParallelism())
  return {
    caseName,
    workers,
    speedup,
    interval,
    efficiency: speedup / Math.max(1, workers),
    oneWorkerNs,
    ns: submission.medianNs,
  }
}
