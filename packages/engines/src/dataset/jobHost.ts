// What one dataset job needs of its engine: the run's limits and state, where its files live, and a
// way to run calls on task workers. A seam of its own so DatasetJob stays one concern, and so the same
// job flow runs on the server (DatasetEngine: worker isolates, the scratch folder) and in the page
// (apps/web local runs: nested workers, files in memory).
import type { OpenInputFile } from '../mapreduce/inputBlocks.ts'
import type { ShuffleCore } from '../mapreduce/shuffleCore.ts'
import type { SourceContext } from './JobSources.ts'
import type { LearnerFunction } from './learnerFunctions.ts'
import type { OutputFiles } from './OutputWrite.ts'
import type { Shipment } from './WorkerShipments.ts'

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

/** A worker that runs a job's tasks, one call at a time. */
export interface TaskWorker {
  readonly index: number
}

/** How a run ends when a task fails (the sandbox's RunOutcome failures have this shape). */
export interface JobFailure {
  status: 'RuntimeError' | 'MemoryLimit' | 'TimeLimit' | 'InternalError' | 'WrongAnswer' | 'CompileError'
  message: string
}

/** Where a job's files live: the server's scratch folder, or a local run's files in memory. */
export interface JobFiles extends OutputFiles {
  /** Opens an input file by name; throws InputFileError (missing, not a plain name) as inputFile.ts does. */
  openInput(name: string): OpenInputFile
  /** A shuffle whose spilled runs go where the files live (the server's Shuffle writes them to disk). */
  shuffle(
    reducers: number,
    prefix: string,
    memoryBytes: number,
    diskBytes: number,
    quotaMb: number,
    maxBatchChars: number,
  ): ShuffleCore
}

export interface JobHost<W extends TaskWorker = TaskWorker, F extends JobFailure = JobFailure>
  extends SourceContext {
  /** `jobResultKb`, `jobResultRecords`: the challenge's bounds on what an action brings back to the main function, if it sets them. */
  readonly limits: {
    memoryMb: number
    diskMb: number
    workers: number
    jobResultKb?: number
    jobResultRecords?: number
  }
  /** Where the run's files are: inputs, shuffle spills, write parts and outputs. */
  readonly files: JobFiles
  /** The run's output files written by write actions (name -> bytes): they hold disk quota. */
  readonly outputs: Map<string, number>
  /** The learner's functions of an owner, positioned and checked (FunctionNotSendableError otherwise). */
  functions(owner: string, what: string, sources: readonly string[]): Promise<LearnerFunction[]>
  /** Defines the owners' functions in the worker; the envs and broadcasts its first call must carry. */
  prepare(worker: W, owners: readonly StageOwner[]): Promise<Shipment>
  /** Refuses (PlanError) an env that holds a destroyed broadcast; `where` names its transformation. */
  checkBroadcasts(env: string, where: string): void
  /**
   * One call of the helper on a worker, and the worker's CPU time for it (wall time where there is no
   * CPU clock). `activity` says what it is, for a message about the run's CPU limit.
   */
  call(
    worker: W,
    task: Record<string, unknown>,
    partition: number,
    activity: string,
  ): Promise<{ out: TaskOutput; cpuNs: number }>
  hostWork<T>(work: () => T): T
  now(): number
  nextStageId(): number
  record(entry: { worker: number; start: number; end: number; label: string }): void
  classify(error: unknown, worker: W, phase: string): F
}
