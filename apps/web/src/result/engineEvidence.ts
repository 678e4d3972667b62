import type { PerfCase, Submission } from '../api/types.ts'

/** The engines whose counters the report explains (see packages/engines/src/<engine>/ counters()). */
export const ENGINE_KINDS = ['disk', 'pool', 'mapreduce', 'dataset', 'tensor', 'gpu'] as const
export type EngineKind = (typeof ENGINE_KINDS)[number]

/** How a figure is written: see formatEvidence. */
export type EvidenceUnit = 'bytes' | 'count' | 'ns' | 'times' | 'percent' | 'gflops' | 'gbps'

/** The labels of the rows, under `report.evidence.row` in the i18n files. */
export type EvidenceLabel =
  | 'bytesRead'
  | 'bytesWritten'
  | 'readPasses'
  | 'writePasses'
  | 'readCalls'
  | 'writeCalls'
  | 'seeks'
  | 'peakScratch'
  | 'filesCreated'
  | 'workers'
  | 'tasks'
  | 'workerBusy'
  | 'workerTasks'
  | 'speedup'
  | 'efficiency'
  | 'bytesToWorkers'
  | 'jobs'
  | 'shuffleBytes'
  | 'spilledRuns'
  | 'spilledBytes'
  | 'mapOutputRecords'
  | 'combineOutputRecords'
  | 'reduceInputRecords'
  | 'reducerRecords'
  | 'maxReducerRecords'
  | 'meanReducerRecords'
  | 'reducerSkew'
  | 'mapPhase'
  | 'shufflePhase'
  | 'reducePhase'
  | 'criticalPath'
  | 'opsDispatched'
  | 'bytesToDevice'
  | 'bytesFromDevice'
  | 'bytesMoved'
  | 'peakTensor'
  | 'reads'
  | 'opsAndCode'
  | 'kernelTime'
  | 'gflops'
  | 'gbps'
  | 'kernelJobs'
  | 'codeTime'
  | 'kernelAndCode'
  | 'codeShare'
  | 'bytesUploaded'
  | 'bytesReadBack'
  | 'datasetJobs'
  | 'stages'
  | 'inputRecords'
  | 'inputBytes'
  | 'shuffleReadBytes'
  | 'shuffleWriteBytes'
  | 'cacheHitPartitions'
  | 'cacheMissPartitions'
  | 'broadcastBytes'
  | 'maxPartitionRecords'
  | 'partitionSkew'
  | 'slowestTasks'

export interface EvidenceRow {
  label: EvidenceLabel
  /** Fills the label's placeholder, e.g. the worker's number. */
  index?: number
  unit: EvidenceUnit
  /** The engine's counter the row shows as it is (statements and docs name it), when it is one. */
  counter?: string
  yours: number | undefined
  reference: number | undefined
}

export interface EngineEvidence {
  engine: EngineKind
  rows: EvidenceRow[]
}

type Counters = Record<string, number>

/** What the report compares: both sides' counters on one run. */
export interface EvidenceSource {
  /** The perf case the counters are from (the largest); undefined: the last test's run, yours only. */
  perfCase: PerfCase | undefined
  yours: Counters
  reference: Counters | undefined
}

/** The largest perf case (the one the trial and the scaling report end on), else the run's own metrics. */
export function evidenceSource(submission: Submission): EvidenceSource | undefined {
  // Cases are listed smallest first (the pack schema checks it): the last is the largest.
  const largest: PerfCase | undefined = submission.perf?.cases.at(-1)
  if (largest?.submission.counters) {
    return {
      perfCase: largest,
      yours: largest.submission.counters,
      reference: largest.reference.counters,
    }
  }
  const counters = submission.metrics?.counters
  if (!counters) return undefined
  return { perfCase: undefined, yours: counters, reference: undefined }
}

/** The engines that reported counters in this run, each engine's figures in a learner's terms. */
export function engineEvidence(submission: Submission): EngineEvidence[] {
  const source = evidenceSource(submission)
  if (!source) return []
  const found: EngineEvidence[] = []
  for (const engine of enginesIn(source.yours)) {
    const rows = ROWS[engine](source, submission).filter(
      (row) => row.yours !== undefined || row.reference !== undefined,
    )
    if (rows.length > 0) found.push({ engine, rows })
  }
  return found
}

/** Each engine's signature counter; mapreduce runs on the pool's workers but is shown as mapreduce. */
function enginesIn(counters: Counters): EngineKind[] {
  const has = (name: string) => counters[name] !== undefined
  const engines: EngineKind[] = []
  if (has('peakScratchBytes')) engines.push('disk')
  if (has('shuffleBytes')) engines.push('mapreduce')
  // The dataset engine runs on the pool's workers too; its stages are what it teaches.
  else if (has('datasetJobs')) engines.push('dataset')
  else if (has('busyNs') && has('workers')) engines.push('pool')
  if (has('opsDispatched')) engines.push('tensor')
  if (has('kernelNs')) engines.push('gpu')
  return engines
}

type Side = (counters: Counters) => number | undefined

function row(
  source: EvidenceSource,
  label: EvidenceLabel,
  unit: EvidenceUnit,
  read: Side | string,
  index?: number,
): EvidenceRow {
  const value: Side = typeof read === 'string' ? (counters) => counters[read] : read
  return {
    label,
    ...(index === undefined ? {} : { index }),
    unit,
    ...(typeof read === 'string' ? { counter: read } : {}),
    yours: finite(value(source.yours)),
    reference: source.reference ? finite(value(source.reference)) : undefined,
  }
}

function finite(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) ? value : undefined
}

function ratio(numerator: string, denominator: string): Side {
  return (counters) => {
    const top = counters[numerator]
    const bottom = counters[denominator]
    return top !== undefined && bottom ? top / bottom : undefined
  }
}

/** Two counters added up, present when the first one is (the second may be absent: nothing moved back). */
function total(first: string, second: string): Side {
  return (counters) => {
    const base = counters[first]
    return base === undefined ? undefined : base + (counters[second] ?? 0)
  }
}

/** Counter names `<prefix><n><suffix>` (worker0BusyNs, reducer3Records), by n. */
function numbered(counters: Counters | undefined, prefix: string, suffix: string): number[] {
  const pattern = new RegExp(`^${prefix}(\\d+)${suffix}$`)
  const found = new Set<number>()
  for (const name of Object.keys(counters ?? {})) {
    const match = pattern.exec(name)
    if (match) found.add(Number(match[1]))
  }
  return [...found].sort((a, b) => a - b)
}

function numberedUnion(source: EvidenceSource, prefix: string, suffix: string): number[] {
  const all = new Set([
    ...numbered(source.yours, prefix, suffix),
    ...numbered(source.reference, prefix, suffix),
  ])
  return [...all].sort((a, b) => a - b)
}

const ROWS: Record<EngineKind, (source: EvidenceSource, submission: Submission) => EvidenceRow[]> = {
  disk: (s) => [
    row(s, 'bytesRead', 'bytes', 'bytesRead'),
    row(s, 'bytesWritten', 'bytes', 'bytesWritten'),
    // The statement's "passes": bytes moved over the size of the call's input file.
    row(s, 'readPasses', 'times', ratio('bytesRead', 'inputBytes')),
    row(s, 'writePasses', 'times', ratio('bytesWritten', 'inputBytes')),
    row(s, 'readCalls', 'count', 'readCalls'),
    row(s, 'writeCalls', 'count', 'writeCalls'),
    row(s, 'seeks', 'count', 'seeks'),
    row(s, 'peakScratch', 'bytes', 'peakScratchBytes'),
    row(s, 'filesCreated', 'count', 'filesCreated'),
  ],
  pool: (s, submission) => [
    row(s, 'workers', 'count', 'workers'),
    row(s, 'tasks', 'count', 'tasks'),
    ...numberedUnion(s, 'worker', 'BusyNs').flatMap((i) => [
      row(s, 'workerBusy', 'ns', `worker${i}BusyNs`, i),
      row(s, 'workerTasks', 'count', `worker${i}Tasks`, i),
    ]),
    ...scalingRows(submission),
    row(s, 'bytesToWorkers', 'bytes', total('bytesIn', 'bytesOut')),
  ],
  mapreduce: (s) => [
    row(s, 'jobs', 'count', 'mapreduceJobs'),
    row(s, 'shuffleBytes', 'bytes', 'shuffleBytes'),
    row(s, 'spilledRuns', 'count', 'spilledRuns'),
    row(s, 'spilledBytes', 'bytes', 'spilledBytes'),
    row(s, 'mapOutputRecords', 'count', 'mapOutputRecords'),
    row(s, 'combineOutputRecords', 'count', 'combineOutputRecords'),
    row(s, 'reduceInputRecords', 'count', 'reduceInputRecords'),
    ...numberedUnion(s, 'reducer', 'Records').map((r) =>
      row(s, 'reducerRecords', 'count', `reducer${r}Records`, r),
    ),
    row(s, 'maxReducerRecords', 'count', 'maxReducerRecords'),
    row(s, 'meanReducerRecords', 'count', 'meanReducerRecords'),
    row(s, 'reducerSkew', 'times', 'reducerSkew'),
    row(s, 'mapPhase', 'ns', 'mapPhaseNs'),
    row(s, 'shufflePhase', 'ns', 'shufflePhaseNs'),
    row(s, 'reducePhase', 'ns', 'reducePhaseNs'),
    row(s, 'criticalPath', 'ns', 'criticalPathNs'),
  ],
  dataset: (s) => [
    row(s, 'datasetJobs', 'count', 'datasetJobs'),
    row(s, 'stages', 'count', 'stages'),
    row(s, 'tasks', 'count', 'tasks'),
    row(s, 'inputRecords', 'count', 'inputRecords'),
    row(s, 'inputBytes', 'bytes', 'inputBytes'),
    row(s, 'shuffleReadBytes', 'bytes', 'shuffleReadBytes'),
    row(s, 'shuffleWriteBytes', 'bytes', 'shuffleWriteBytes'),
    row(s, 'spilledRuns', 'count', 'spilledRuns'),
    row(s, 'spilledBytes', 'bytes', 'spilledBytes'),
    row(s, 'cacheHitPartitions', 'count', 'cacheHitPartitions'),
    row(s, 'cacheMissPartitions', 'count', 'cacheMissPartitions'),
    row(s, 'broadcastBytes', 'bytes', 'broadcastBytes'),
    row(s, 'maxPartitionRecords', 'count', 'maxPartitionRecords'),
    row(s, 'partitionSkew', 'times', 'partitionSkew'),
    row(s, 'slowestTasks', 'ns', 'slowestTaskNs'),
    row(s, 'criticalPath', 'ns', 'criticalPathNs'),
  ],
  tensor: (s) => [
    row(s, 'opsDispatched', 'count', 'opsDispatched'),
    row(s, 'bytesToDevice', 'bytes', 'bytesToDevice'),
    row(s, 'bytesFromDevice', 'bytes', 'bytesFromDevice'),
    row(s, 'bytesMoved', 'bytes', total('bytesToDevice', 'bytesFromDevice')),
    row(s, 'peakTensor', 'bytes', 'peakTensorBytes'),
    row(s, 'reads', 'count', 'reads'),
    // The clock of tensor challenges: on cpu the CPU of the code and of its ops, on gpu the wall time.
    row(s, 'opsAndCode', 'ns', 'opsAndCodeNs'),
  ],
  gpu: (s) => [
    row(s, 'kernelTime', 'ns', 'kernelNs'),
    row(s, 'gflops', 'gflops', 'kernelGflops'),
    row(s, 'gbps', 'gbps', 'kernelGBps'),
    row(s, 'kernelJobs', 'count', 'jobs'),
    row(s, 'codeTime', 'ns', 'codeCpuNs'),
    row(s, 'kernelAndCode', 'ns', 'kernelAndCodeNs'),
    // Of the clock (kernel time + the code's own CPU time), the share that was the code's.
    row(s, 'codeShare', 'percent', ratio('codeCpuNs', 'kernelAndCodeNs')),
    row(s, 'bytesUploaded', 'bytes', 'bytesUploaded'),
    row(s, 'bytesReadBack', 'bytes', 'bytesReadBack'),
  ],
}

/** The submission's own scaling (it has no reference side: the trial scales the submission only). */
function scalingRows(submission: Submission): EvidenceRow[] {
  const scaling = submission.parallel
  if (!scaling) return []
  return [
    { label: 'speedup', unit: 'times', yours: scaling.speedup, reference: undefined },
    { label: 'efficiency', unit: 'percent', yours: scaling.efficiency, reference: undefined },
  ]
}

/** The tensor engine's backend follows the runner class: `cpu` computes in JavaScript, `gpu:*` on WebGPU. */
export function tensorBackendOf(runnerClass: string): { kind: 'cpu' | 'gpu'; adapter?: string } {
  if (!runnerClass.startsWith('gpu')) return { kind: 'cpu' }
  const adapter = runnerClass.slice('gpu:'.length)
  return adapter ? { kind: 'gpu', adapter } : { kind: 'gpu' }
}
