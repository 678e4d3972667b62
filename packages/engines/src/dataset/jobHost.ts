// What one dataset job needs of its engine (DatasetEngine): the run's options and state, and the
// pool's machinery to run calls on worker isolates. A seam of its own so DatasetJob stays one concern.
import type { EngineRunOptions, TimelineEntry } from '../EngineInstance.ts'
import type { Failure } from '../pool/PoolEngine.ts'
import type { PoolWorker } from '../pool/PoolWorker.ts'
import type { SourceContext } from './JobSources.ts'
import type { LearnerFunction } from './learnerFunctions.ts'

/** What one call of the worker helper hands back (datasetWorkerSource.ts, `datasetTask`). */
export interface TaskOutput {
  inRecords: number
  outRecords: number
  runs?: string[]
  shuffleRecords?: number
  cache?: [string, string][]
  sample?: string[]
  text?: string
  count?: number
  done?: boolean
  partial?: string
  /** A columnar write's row groups: each column's chunk bytes and min/max. */
  groups?: { rows: number; chunks: { bytes: Uint8Array; min: number | string; max: number | string }[] }[]
}

/** A function owner of a stage (a node id, or `r<job>` for reduce's) with its functions and env. */
export interface StageOwner {
  owner: string
  fns: readonly LearnerFunction[]
  env?: string
}

export interface JobHost extends SourceContext {
  readonly options: EngineRunOptions
  /** The run's output files written by write actions (name -> bytes): they hold disk quota. */
  readonly outputs: Map<string, number>
  /** The learner's functions of an owner, positioned and checked (FunctionNotSendableError otherwise). */
  functions(owner: string, what: string, sources: readonly string[]): Promise<LearnerFunction[]>
  /** Defines the owners' functions in the worker; the envs and broadcasts its first call must carry. */
  prepare(
    worker: PoolWorker,
    owners: readonly StageOwner[],
  ): Promise<{ envs: [string, string][]; broadcasts: [number, string][]; broadcastBytes: number }>
  /** One call of the helper on a worker, and the worker's CPU time for it. */
  call(
    worker: PoolWorker,
    task: Record<string, unknown>,
    partition: number,
  ): Promise<{ out: TaskOutput; cpuNs: number }>
  hostWork<T>(work: () => T): T
  now(): number
  nextStageId(): number
  record(entry: TimelineEntry): void
  classify(error: unknown, worker: PoolWorker, phase: string): Failure
}
