import type { PerfCaseResult } from '@arena/grader'

/** A combiner's lesson: the reference's shuffle should be at most this share of the baseline's. */
export const MAX_SHUFFLE_SHARE = 0.5

/** What a mapreduce challenge's baseline and reference cost in the shuffle, on the largest perf case. */
export interface ShuffleLesson {
  baselineShuffleBytes: number
  referenceShuffleBytes: number
  /** referenceShuffleBytes / baselineShuffleBytes */
  share: number
  /** The slowest reducer's records over the mean (1 is even), of each. */
  baselineSkew?: number
  referenceSkew?: number
}

/**
 * From the baseline's grading, whose perf cases time the baseline against the reference on the same
 * inputs: undefined when the counters hold no mapreduce shuffle.
 */
export function shuffleLesson(largest: PerfCaseResult | undefined): ShuffleLesson | undefined {
  const baseline = largest?.submission.counters
  const reference = largest?.reference.counters
  if (baseline?.shuffleBytes === undefined || reference?.shuffleBytes === undefined) return undefined
  return {
    baselineShuffleBytes: baseline.shuffleBytes,
    referenceShuffleBytes: reference.shuffleBytes,
    share: baseline.shuffleBytes > 0 ? reference.shuffleBytes / baseline.shuffleBytes : 1,
    ...(baseline.reducerSkew !== undefined ? { baselineSkew: baseline.reducerSkew } : {}),
    ...(reference.reducerSkew !== undefined ? { referenceSkew: reference.reducerSkew } : {}),
  }
}
