// What the dataset engine counts, per stage and per job, in the shapes the report will draw (a DAG
// of stages with Spark-UI-like counters, and a task timeline per worker). Platform-neutral.

/** Spark-UI-like counters of one stage. */
export interface StageCounters {
  /** Tasks = partitions of the stage. */
  tasks: number
  /** Records and bytes read from the stage's source: an input file's blocks, fromArray's data, or the cache. */
  inputRecords: number
  inputBytes: number
  /** Columnar reads: row groups whose chunks were read, and row groups skipped by their min/max statistics (never read). */
  rowGroupsRead: number
  rowGroupsSkipped: number
  /** Bytes a write action put in its output file. */
  outputBytes: number
  /** Records and bytes this stage read from the shuffle its wide transformation's parents wrote. */
  shuffleReadRecords: number
  shuffleReadBytes: number
  /** Records and bytes this stage wrote to the shuffle of the next wide transformation (after map-side combining). */
  shuffleWriteRecords: number
  shuffleWriteBytes: number
  /** Shuffle runs (and their bytes) that did not fit the host's sort buffer and went to scratch files. */
  spilledRuns: number
  spilledBytes: number
  /** Records the stage's pipeline produced (what went to the shuffle, the cache or the action). */
  outputRecords: number
  /** Partitions read from the cache (hit), and partitions of a cached dataset computed because they were not stored (missed). */
  cacheHitPartitions: number
  cacheMissPartitions: number
  /** Bytes this stage stored in the cache. */
  cachedBytes: number
  /** Records each task read (its partition's input): the largest and the mean; skew = max / mean (1 is even). */
  maxPartitionRecords: number
  meanPartitionRecords: number
  partitionSkew: number
  /** Bytes of broadcast values shipped to workers for this stage (each worker gets each broadcast once). */
  broadcastBytes: number
  /** CPU time of the stage's tasks in their worker isolates: the sum and the slowest task. */
  taskCpuNs: number
  slowestTaskNs: number
  /** Wall time from the stage's first task to its last. */
  wallNs: number
}

export type StageKind = 'shuffleMap' | 'sample' | 'result'

/** One stage of a job's DAG. */
export interface DatasetStageReport {
  /** Run-wide id, as Spark numbers stages. */
  id: number
  kind: StageKind
  /** Ids of the stages whose output this one reads (shuffle writers, a sortBy's sample stage). */
  parents: number[]
  /** What the stage runs, in order: its input, the pipelined transformations, its output. */
  transformations: string[]
  counters: StageCounters
}

/** One action: the job it ran, as a DAG of stages. */
export interface DatasetJobReport {
  /** Run-wide id. */
  id: number
  action: 'collect' | 'count' | 'take' | 'reduce' | 'write'
  stages: DatasetStageReport[]
  /** Host time spent checking the plan and cutting it into stages. */
  planNs: number
  wallNs: number
}

export function newStageCounters(tasks: number): StageCounters {
  return {
    tasks,
    inputRecords: 0,
    inputBytes: 0,
    rowGroupsRead: 0,
    rowGroupsSkipped: 0,
    outputBytes: 0,
    shuffleReadRecords: 0,
    shuffleReadBytes: 0,
    shuffleWriteRecords: 0,
    shuffleWriteBytes: 0,
    spilledRuns: 0,
    spilledBytes: 0,
    outputRecords: 0,
    cacheHitPartitions: 0,
    cacheMissPartitions: 0,
    cachedBytes: 0,
    maxPartitionRecords: 0,
    meanPartitionRecords: 0,
    partitionSkew: 0,
    broadcastBytes: 0,
    taskCpuNs: 0,
    slowestTaskNs: 0,
    wallNs: 0,
  }
}

/** Fills the balance counters from the records each task read. */
export function finishStageCounters(c: StageCounters, partitionRecords: readonly number[]): void {
  const total = partitionRecords.reduce((a, b) => a + b, 0)
  c.maxPartitionRecords = Math.max(0, ...partitionRecords)
  c.meanPartitionRecords = partitionRecords.length ? total / partitionRecords.length : 0
  c.partitionSkew = total ? c.maxPartitionRecords / c.meanPartitionRecords : 1
}

/** Counters summed over every stage of the call's jobs: the engine's `counters()` totals. */
export const SUMMED_COUNTERS = [
  'tasks',
  'inputRecords',
  'inputBytes',
  'rowGroupsRead',
  'rowGroupsSkipped',
  'outputBytes',
  'shuffleReadRecords',
  'shuffleReadBytes',
  'shuffleWriteRecords',
  'shuffleWriteBytes',
  'spilledRuns',
  'spilledBytes',
  'outputRecords',
  'cacheHitPartitions',
  'cacheMissPartitions',
  'cachedBytes',
  'broadcastBytes',
  'taskCpuNs',
  // Each stage's slowest task, summed: what the call's stages wait for with a slot per task (a skew
  // lesson's witness in time, as mapreduce's slowestReduceNs; the clock is criticalPathNs).
  'slowestTaskNs',
] as const satisfies readonly (keyof StageCounters)[]

/** Per-stage counters flattened into the engine's counters for this many stages of a call (the rest in jobs()). */
export const FLAT_STAGES = 32
/** Which per-stage counters are flattened (`stage<id><Name>`). */
export const FLAT_STAGE_COUNTERS = [
  'tasks',
  'inputRecords',
  'inputBytes',
  'rowGroupsSkipped',
  'shuffleReadBytes',
  'shuffleWriteBytes',
  'cacheHitPartitions',
  'maxPartitionRecords',
  'partitionSkew',
] as const satisfies readonly (keyof StageCounters)[]
