// What the game reads from a grade result: the same typed fields the report shows (the largest perf
// case's counters of both sides, the scaling's efficiency), never figures re-derived from other runs.
// The report (apps/web/src/result/engineEvidence.ts) compares the two sides on the largest perf case;
// a badge that read another run or a hand-made ratio could be earned by a run the report calls slow.
import type { GradeResult, PerfCaseResult } from '@arena/grader/result'

/** The figures skill badges are judged on; undefined when the result did not measure one. */
export interface ResultMeasures {
  /** Passes over the data on the largest case: max(bytes read, bytes written) / input bytes. */
  passes?: number
  /** The report's "efficiency": speedup over one worker / workers (`parallel.efficiency`). */
  parallelEfficiency?: number
  /**
   * Your shuffle bytes / the reference's, on the largest case measured side by side: mapreduce's
   * `shuffleBytes`, or the dataset engine's `shuffleWriteBytes` (every stage of the timed call).
   */
  shuffleRatio?: number
  /** Your tensor op dispatches / the reference's, on the largest case. */
  dispatchRatio?: number
}

export type MeasureId = keyof ResultMeasures

/** A result's standing for boards, ratings and rewards beyond correctness. */
export interface ResultStanding {
  /** Accepted in full mode (all tests, with the trial). */
  accepted: boolean
  /** Timed where the times say nothing (a software GPU): no score, no tier. */
  unscored: boolean
  /** The grader found the trial's measurement unusable (`perf.noisy`): shown marked, never rated. */
  noisy: boolean
}

/** The largest perf case: the one the report's evidence, the scaling and the badges all read. */
export function largestCase(result: Pick<GradeResult, 'perf'>): PerfCaseResult | undefined {
  return (result.perf?.cases ?? []).reduce<PerfCaseResult | undefined>(
    (best, perfCase) => (best === undefined || perfCase.size >= best.size ? perfCase : best),
    undefined,
  )
}

export function measuresOf(result: Pick<GradeResult, 'perf' | 'parallel' | 'metrics'>): ResultMeasures {
  const largest = largestCase(result)
  // Without a trial the report shows the last run's own counters; only "passes" needs no reference.
  const yours = largest?.submission.counters ?? result.metrics?.counters ?? {}
  const reference = largest?.reference.counters
  const measures: ResultMeasures = {}
  const passes = ratio(Math.max(yours.bytesRead ?? 0, yours.bytesWritten ?? 0), yours.inputBytes)
  if (passes !== undefined) measures.passes = passes
  if (result.parallel && Number.isFinite(result.parallel.efficiency))
    measures.parallelEfficiency = result.parallel.efficiency
  const shuffleCounter = SHUFFLE_COUNTERS.find((name) => yours[name] !== undefined)
  const shuffle = shuffleCounter && ratio(yours[shuffleCounter], reference?.[shuffleCounter])
  if (shuffle !== undefined) measures.shuffleRatio = shuffle
  const dispatches = ratio(yours.opsDispatched, reference?.opsDispatched)
  if (dispatches !== undefined) measures.dispatchRatio = dispatches
  return measures
}

/** Where an engine counts the bytes it shuffled: mapreduce's job, then the dataset engine's stages. */
const SHUFFLE_COUNTERS = ['shuffleBytes', 'shuffleWriteBytes'] as const

function ratio(value: number | undefined, of: number | undefined): number | undefined {
  if (value === undefined || of === undefined || !(of > 0) || !Number.isFinite(value)) return undefined
  return value / of
}

export function standingOf(result: Pick<GradeResult, 'mode' | 'status' | 'perf'>): ResultStanding {
  const perf = result.perf
  return {
    accepted: result.mode === 'full' && result.status === 'Accepted',
    unscored: perf !== undefined && perf.score === undefined,
    noisy: perf?.noisy === true,
  }
}

/**
 * Whether a result counts for ratings (and the "faster than" share): Accepted in full mode with a
 * score (a software GPU's times are unscored), and not marked noisy. Boards list noisy results with
 * their mark (the learner sees where they stand) but no rating game is played on one.
 */
export function countsForBoards(result: Pick<GradeResult, 'mode' | 'status' | 'perf'>): boolean {
  const standing = standingOf(result)
  return standing.accepted && !standing.unscored && !standing.noisy && result.perf !== undefined
}
