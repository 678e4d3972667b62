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
  { engine: 'mapreduce', bytes: 'shuffleBytes', skew: 'reducerSkew', slowest: 'slowestReduceNs' },
  { engine: 'dataset', bytes: 'shuffleWriteBytes', skew: 'partitionSkew', slowest: 'slowestTaskNs' },
] as const

/** What a mapreduce or dataset challenge's baseline and reference cost in the shuffle, on the largest perf case. */
export interface ShuffleLesson {
  /**
   * What the challenge teaches, so what is judged: `shuffle` (a combiner or projection shrinks the
   * shuffle: warned past MAX_SHUFFLE_SHARE, failed past the challenge's `perf.maxShuffleShare`) or
   * `skew` (salting or a partitioner evens the reducers: the reference fails past the challenge's
   * `perf.maxPartitionSkew`, else MAX_REDUCER_SKEW).
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
  /**
   * The challenge's `perf.maxPartitionSkew`, when it sets one: the reference's skew above it fails, and
   * so does the baseline's at or below it (the lesson's skew must be there to be evened out).
   */
  maxSkew?: number
  /**
   * The slowest reducer's CPU time (summed over a chain's jobs), of each; for the dataset engine, each
   * stage's slowest task, summed.
   */
  baselineSlowestReduceNs?: number
  referenceSlowestReduceNs?: number
  /** Why the reference misses the lesson, when it is one `arena pack test` fails on. */
  problem?: string
}

/**
 * From the baseline's grading, whose perf cases time the baseline against the reference on the same
 * inputs: undefined when the counters hold no shuffle of mapreduce or dataset. `clock` is the
 * challenge's; `maxShare` its `perf.maxShuffleShare`; `maxSkew` its `perf.maxPartitionSkew`, which
 * makes it a skew lesson whatever the clock.
 */
export function shuffleLesson(
  largest: PerfCaseResult | undefined,
  clock?: string,
  maxShare?: number,
  maxSkew?: number,
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
    lesson:
      maxSkew !== undefined || (clock !== undefined && SKEW_CLOCKS.includes(clock)) ? 'skew' : 'shuffle',
    engine: names.engine,
    baselineShuffleBytes: baselineBytes,
    referenceShuffleBytes: referenceBytes,
    share: baselineBytes > 0 ? referenceBytes / baselineBytes : 1,
    ...(maxShare !== undefined ? { maxShare } : {}),
    ...(maxSkew !== undefined ? { maxSkew } : {}),
    ...(baseline[names.skew] !== undefined ? { baselineSkew: baseline[names.skew] } : {}),
    ...(reference[names.skew] !== undefined ? { referenceSkew: reference[names.skew] } : {}),
    ...(baseline[names.slowest] !== undefined ? { baselineSlowestReduceNs: baseline[names.slowest] } : {}),
    ...(reference[names.slowest] !== undefined ? { referenceSlowestReduceNs: reference[names.slowest] } : {}),
  }
  if (lesson.lesson === 'skew') {
    const limit = maxSkew ?? MAX_REDUCER_SKEW
    const loaded = names.engine === 'dataset' ? 'task' : 'reducer'
    const skew = lesson.referenceSkew
    const baselineSkew = lesson.baselineSkew
    if (skew === undefined) lesson.problem = `the reference reported no ${names.skew} counter`
    else if (skew > limit)
      lesson.problem = `the reference's most loaded ${loaded} gets ${skew.toFixed(2)}x the mean load, more than ${maxSkew !== undefined ? `perf.maxPartitionSkew ${limit}` : `${limit}x`}: it does not even out the skew the challenge teaches`
    else if (maxSkew !== undefined && (baselineSkew === undefined || baselineSkew <= maxSkew))
      lesson.problem = `the baseline's most loaded ${loaded} gets ${baselineSkew === undefined ? 'no reported' : `${baselineSkew.toFixed(2)}x the mean`} load, within perf.maxPartitionSkew ${maxSkew}: the input has no skew for the lesson to even out`
  } else if (maxShare !== undefined && lesson.share > maxShare) {
    lesson.problem = `the reference's shuffle (${names.bytes} ${referenceBytes}) is ${lesson.share.toFixed(2)} of the baseline's (${baselineBytes}), more than perf.maxShuffleShare ${maxShare}: it does not shrink the shuffle as the challenge teaches`
  }
  return lesson
}
