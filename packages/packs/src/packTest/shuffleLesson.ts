import type { PerfCaseResult } from '@arena/grader'

/** A combiner's lesson: the reference's shuffle should be at most this share of the baseline's. */
export const MAX_SHUFFLE_SHARE = 0.5
/** A skew lesson: the reference's most loaded reducer may get at most this many times the mean. */
export const MAX_REDUCER_SKEW = 1.5
/**
 * The clocks of a challenge whose lesson is the reducers' balance: the critical path (the call's own
 * CPU plus each job's slowest map task and slowest reducer, which work moved out of the reducers
 * cannot dodge) or the slowest reducer alone.
 */
export const SKEW_CLOCKS: readonly string[] = ['counter:criticalPathNs', 'counter:slowestReduceNs']

/** What a mapreduce challenge's baseline and reference cost in the shuffle, on the largest perf case. */
export interface ShuffleLesson {
  /**
   * What the challenge teaches, so what is judged: `shuffle` (a combiner or projection shrinks the
   * shuffle: warned past MAX_SHUFFLE_SHARE) or `skew` (salting or a partitioner evens the reducers:
   * the reference fails past MAX_REDUCER_SKEW).
   */
  lesson: 'shuffle' | 'skew'
  baselineShuffleBytes: number
  referenceShuffleBytes: number
  /** referenceShuffleBytes / baselineShuffleBytes */
  share: number
  /** The most loaded reducer's records over the mean (1 is even), of each (a chain's heaviest job). */
  baselineSkew?: number
  referenceSkew?: number
  /** The slowest reducer's CPU time (summed over a chain's jobs), of each. */
  baselineSlowestReduceNs?: number
  referenceSlowestReduceNs?: number
  /** Why the reference misses the lesson, when it is one `arena pack test` fails on. */
  problem?: string
}

/**
 * From the baseline's grading, whose perf cases time the baseline against the reference on the same
 * inputs: undefined when the counters hold no mapreduce shuffle. `clock` is the challenge's.
 */
export function shuffleLesson(
  largest: PerfCaseResult | undefined,
  clock?: string,
): ShuffleLesson | undefined {
  const baseline = largest?.submission.counters
  const reference = largest?.reference.counters
  if (baseline?.shuffleBytes === undefined || reference?.shuffleBytes === undefined) return undefined
  const lesson: ShuffleLesson = {
    lesson: clock !== undefined && SKEW_CLOCKS.includes(clock) ? 'skew' : 'shuffle',
    baselineShuffleBytes: baseline.shuffleBytes,
    referenceShuffleBytes: reference.shuffleBytes,
    share: baseline.shuffleBytes > 0 ? reference.shuffleBytes / baseline.shuffleBytes : 1,
    ...(baseline.reducerSkew !== undefined ? { baselineSkew: baseline.reducerSkew } : {}),
    ...(reference.reducerSkew !== undefined ? { referenceSkew: reference.reducerSkew } : {}),
    ...(baseline.slowestReduceNs !== undefined ? { baselineSlowestReduceNs: baseline.slowestReduceNs } : {}),
    ...(reference.slowestReduceNs !== undefined
      ? { referenceSlowestReduceNs: reference.slowestReduceNs }
      : {}),
  }
  if (lesson.lesson === 'skew') {
    const skew = lesson.referenceSkew
    if (skew === undefined) lesson.problem = 'the reference reported no reducerSkew counter'
    else if (skew > MAX_REDUCER_SKEW)
      lesson.problem = `the reference's most loaded reducer gets ${skew.toFixed(2)}x the mean load, more than ${MAX_REDUCER_SKEW}x: it does not even out the skew the challenge teaches`
  }
  return lesson
}
