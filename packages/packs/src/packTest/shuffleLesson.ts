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

/**
 * Where an engine counts its shuffle: mapreduce's `shuffleBytes` and `reducerSkew` (records per
 * reducer), or the dataset engine's `shuffleWriteBytes` summed over the call's stages and
 * `partitionSkew` (records per task, its worst stage). Tried in this order.
 */
const SHUFFLE_COUNTERS = [
  { engine: 'mapreduce', bytes: 'shuffleBytes', skew: 'reducerSkew' },
  { engine: 'dataset', bytes: 'shuffleWriteBytes', skew: 'partitionSkew' },
] as const

/** What a mapreduce or dataset challenge's baseline and reference cost in the shuffle, on the largest perf case. */
export interface ShuffleLesson {
  /**
   * What the challenge teaches, so what is judged: `shuffle` (a combiner or projection shrinks the
   * shuffle: warned past MAX_SHUFFLE_SHARE, failed past the challenge's `perf.maxShuffleShare`) or
   * `skew` (salting or a partitioner evens the reducers: the reference fails past MAX_REDUCER_SKEW).
   */
  lesson: 'shuffle' | 'skew'
  /** Whose counters these are: mapreduce's job or the dataset engine's stages. */
  engine: 'mapreduce' | 'dataset'
  baselineShuffleBytes: number
  referenceShuffleBytes: number
  /** referenceShuffleBytes / baselineShuffleBytes */
  share: number
  /** The challenge's `perf.maxShuffleShare`, when it sets one: a share above it fails. */
  maxShare?: number
  /**
   * The most loaded reducer's records over the mean (1 is even), of each (a chain's heaviest job);
   * for the dataset engine, the most loaded task's input records over the mean, of its worst stage.
   */
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
 * inputs: undefined when the counters hold no shuffle of mapreduce or dataset. `clock` is the
 * challenge's; `maxShare` its `perf.maxShuffleShare`.
 */
export function shuffleLesson(
  largest: PerfCaseResult | undefined,
  clock?: string,
  maxShare?: number,
): ShuffleLesson | undefined {
  const baseline = largest?.submission.counters
  const reference = largest?.reference.counters
  const names = SHUFFLE_COUNTERS.find(
    ({ bytes }) => baseline?.[bytes] !== undefined && reference?.[bytes] !== undefined,
  )
  if (!baseline || !reference || !names) return undefined
  const baselineBytes = baseline[names.bytes] ?? 0
  const referenceBytes = reference[names.bytes] ?? 0
  const lesson: ShuffleLesson = {
    lesson: clock !== undefined && SKEW_CLOCKS.includes(clock) ? 'skew' : 'shuffle',
    engine: names.engine,
    baselineShuffleBytes: baselineBytes,
    referenceShuffleBytes: referenceBytes,
    share: baselineBytes > 0 ? referenceBytes / baselineBytes : 1,
    ...(maxShare !== undefined ? { maxShare } : {}),
    ...(baseline[names.skew] !== undefined ? { baselineSkew: baseline[names.skew] } : {}),
    ...(reference[names.skew] !== undefined ? { referenceSkew: reference[names.skew] } : {}),
    ...(baseline.slowestReduceNs !== undefined ? { baselineSlowestReduceNs: baseline.slowestReduceNs } : {}),
    ...(reference.slowestReduceNs !== undefined
      ? { referenceSlowestReduceNs: reference.slowestReduceNs }
      : {}),
  }
  if (lesson.lesson === 'skew') {
    const skew = lesson.referenceSkew
    if (skew === undefined) lesson.problem = `the reference reported no ${names.skew} counter`
    else if (skew > MAX_REDUCER_SKEW)
      lesson.problem = `the reference's most loaded reducer gets ${skew.toFixed(2)}x the mean load, more than ${MAX_REDUCER_SKEW}x: it does not even out the skew the challenge teaches`
  } else if (maxShare !== undefined && lesson.share > maxShare) {
    lesson.problem = `the reference's shuffle (${names.bytes} ${referenceBytes}) is ${lesson.share.toFixed(2)} of the baseline's (${baselineBytes}), more than perf.maxShuffleShare ${maxShare}: it does not shrink the shuffle as the challenge teaches`
  }
  return lesson
}
