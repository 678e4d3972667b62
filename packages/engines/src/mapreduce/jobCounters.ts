// What one mapreduce job counts, built and finished the same way by the server's engine
// (MapReduceEngine) and the browser's local runs (apps/web/src/local/engines): platform-neutral.
import type { FileInputSpec, InputBlocks } from './inputBlocks.ts'
import type { ShuffleCore } from './shuffleCore.ts'

/** What one job counted; the guest gets these with the job's output. */
export interface JobCounters {
  mapTasks: number
  mapInputRecords: number
  mapOutputRecords: number
  combineInputRecords: number
  combineOutputRecords: number
  shuffleBytes: number
  spilledRuns: number
  spilledBytes: number
  reduceTasks: number
  reduceInputRecords: number
  reduceInputGroups: number
  reduceOutputRecords: number
  maxReducerRecords: number
  meanReducerRecords: number
  /** max / mean of the records each reducer received: 1 is perfectly even. */
  reducerSkew: number
  mapPhaseNs: number
  shufflePhaseNs: number
  reducePhaseNs: number
  /**
   * The slowest reducer's time: on the server, CPU time its worker isolate spent in its reduce calls
   * (CPU, not wall, so other processes on the machine do not blur it); in the browser, wall time.
   * A job ends when its slowest reducer does.
   */
  slowestReduceNs: number
  meanReduceNs: number
}

/** What a map task returns (`__arena_helpers.map`, mapreduceWorkerSource.ts). */
export interface MapTaskOutput {
  runs: string[]
  inRecords: number
  outRecords: number
  combineIn: number
  combineOut: number
}

/** What a reduce batch returns (`__arena_helpers.reduce`). */
export interface ReduceTaskOutput {
  text: string
  groups: number
  records: number
  outRecords: number
}

/** One job of a chain, as the guest checked it (mapreduceGuestSource.ts). */
export interface JobSpec {
  /** The first job's: the learner's splits, or a file only the engine reads (inputBlocks.ts). */
  input?: unknown[][] | FileInputSpec
  reducers: number
  map: string
  reduce: string
  combine?: string
  partition?: string
  /**
   * Where the reducers' output goes instead of back to the caller: a file of the scratch folder, one
   * JSON `[key, value]` line per pair (jobOutputFile.ts).
   */
  output?: { file: string }
}

/**
 * A job's splits: the learner's records (first job), the blocks of an input file (first job), or the
 * previous job's output partitions.
 */
export type Splits = { records: unknown[][] } | { blocks: InputBlocks } | { texts: string[] }

function splitOf(input: Splits, i: number): Record<string, unknown> {
  if ('records' in input) return { split: input.records[i] }
  if ('blocks' in input) return { blockText: input.blocks.text(i), records: input.blocks.spec.records }
  return { splitText: input.texts[i] }
}

/** The task a map task's worker gets for split `i` (reading a file's block is host work). */
export function mapTaskOf(spec: JobSpec, input: Splits, i: number): Record<string, unknown> {
  return {
    ...splitOf(input, i),
    map: spec.map,
    combine: spec.combine,
    partition: spec.partition,
    reducers: spec.reducers,
  }
}

export function splitCount(input: Splits): number {
  if ('records' in input) return input.records.length
  if ('blocks' in input) return input.blocks.count
  return input.texts.length
}

export function newJobCounters(mapTasks: number, reducers: number): JobCounters {
  return {
    mapTasks,
    mapInputRecords: 0,
    mapOutputRecords: 0,
    combineInputRecords: 0,
    combineOutputRecords: 0,
    shuffleBytes: 0,
    spilledRuns: 0,
    spilledBytes: 0,
    reduceTasks: reducers,
    reduceInputRecords: 0,
    reduceInputGroups: 0,
    reduceOutputRecords: 0,
    maxReducerRecords: 0,
    meanReducerRecords: 0,
    reducerSkew: 0,
    mapPhaseNs: 0,
    shufflePhaseNs: 0,
    reducePhaseNs: 0,
    slowestReduceNs: 0,
    meanReduceNs: 0,
  }
}

/** Counts map task `task`'s output and hands its runs to the shuffle (which may throw its quota error). */
export function shuffleMapOutput(
  c: JobCounters,
  shuffle: ShuffleCore,
  task: number,
  out: MapTaskOutput,
): void {
  c.mapInputRecords += out.inRecords
  c.mapOutputRecords += out.outRecords
  c.combineInputRecords += out.combineIn
  c.combineOutputRecords += out.combineOut
  for (let r = 0; r < c.reduceTasks; r++) {
    const run = out.runs[r] ?? ''
    c.shuffleBytes += shuffle.byteLength(run)
    shuffle.add(r, task, run)
  }
}

export function countReduceOutput(c: JobCounters, out: ReduceTaskOutput): void {
  c.reduceInputGroups += out.groups
  c.reduceInputRecords += out.records
  c.reduceOutputRecords += out.outRecords
}

/** The job's reducer balance and times, once its reduce tasks ended: `records` and `reduceNs` per reducer. */
export function finishJobCounters(
  c: JobCounters,
  shuffle: ShuffleCore,
  records: number[],
  reduceNs: number[],
): void {
  const R = c.reduceTasks
  c.spilledRuns = shuffle.spilledRuns
  c.spilledBytes = shuffle.spilledBytes
  const total = records.reduce((a, b) => a + b, 0)
  c.maxReducerRecords = Math.max(0, ...records)
  c.meanReducerRecords = total / R
  c.reducerSkew = total ? c.maxReducerRecords / c.meanReducerRecords : 1
  c.slowestReduceNs = Math.max(0, ...reduceNs)
  c.meanReduceNs = reduceNs.reduce((a, b) => a + b, 0) / R
}

/**
 * The output a job hands back to the main function passed the challenge's `limits.jobResultKb`: the
 * driver's result limit (Spark's spark.driver.maxResultSize). A challenge sets it where the answer is
 * far smaller than its data, so that the engine cannot serve as a pipe that hands the data to solve
 * (issue 14, class 8): only aggregating in the tasks brings the answer back.
 */
export class JobResultTooLargeError extends Error {
  readonly code = 'ARENA_MAPREDUCE_RESULT_TOO_LARGE'
  constructor(jobResultKb: number) {
    super(
      `mapreduce: the output of this job, which comes back to your main function, is larger than ${jobResultKb} KB, the most this challenge lets a job bring back (a driver's result limit, as Spark's spark.driver.maxResultSize); aggregate in the tasks (a combiner, a reducer that sums) so that the answer comes back, not the data`,
    )
    this.name = 'JobResultTooLargeError'
  }
}

/**
 * Checks the characters of output a job has gathered so far: all of it must fit the main isolate, and
 * the output of the job whose result comes back to solve (the last of a chain, with no output file)
 * must keep within the challenge's `jobResultKb` when it sets one.
 */
export function checkJobOutput(
  chars: number,
  limits: { memoryMb: number; jobResultKb?: number },
  toSolve: boolean,
): void {
  if (toSolve && limits.jobResultKb !== undefined && chars > limits.jobResultKb * 1024)
    throw new JobResultTooLargeError(limits.jobResultKb)
  if (chars > limits.memoryMb * 2 ** 20) throw new OutputTooLargeError(limits.memoryMb)
}

/** The job's output would not fit in the main isolate. */
export class OutputTooLargeError extends Error {
  readonly code = 'ARENA_MAPREDUCE_OUTPUT_TOO_LARGE'
  constructor(memoryMb: number) {
    super(
      `Exceeded the memory limit of ${memoryMb} MB: the output of a mapreduce job would not fit in your isolate.`,
    )
    this.name = 'OutputTooLargeError'
  }
}
