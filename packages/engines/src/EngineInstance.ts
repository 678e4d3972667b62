import type { IsolateExtension, IsolateProgram } from '@arena/sandbox'

/** Counters an engine reports for one run, e.g. `{ bytesRead, bytesWritten, tasks }`. */
export type EngineCounters = Record<string, number>

/** One task on one worker, in ns from the start of the run: the web draws these as a Gantt chart. */
export interface TimelineEntry {
  worker: number
  start: number
  end: number
  label: string
}

/**
 * One job of an engine that plans its work as a DAG of stages (the dataset engine's actions): the
 * stages, the stages each reads from, and each stage's counters. Engine-neutral, so the grader carries
 * it to the result without knowing which engine made it.
 */
export interface EngineJobGraph {
  id: number
  /** What started the job (an action's name: `collect`, `count`, ...). */
  action: string
  stages: EngineStageNode[]
  /** Host time planning the job, and the job's wall time. */
  planNs: number
  wallNs: number
}

/** What `EngineInstance.jobGraphs()` answers. */
export interface EngineJobGraphs {
  jobs: EngineJobGraph[]
  /** Jobs of the call the engine did not keep (it keeps a bounded number). */
  dropped: number
}

/** One stage of an `EngineJobGraph`. */
export interface EngineStageNode {
  id: number
  /** The engine's word for what the stage ends in (dataset: `shuffleMap`, `sample`, `result`). */
  kind: string
  /** Ids of the stages whose output this one reads. */
  parents: number[]
  /** What the stage runs, in order: its input, its pipelined transformations, its output. */
  transformations: string[]
  counters: EngineCounters
}

/** Everything an engine needs to serve one run. */
export interface EngineRunOptions {
  limits: {
    cpuMs: number
    wallMs: number
    memoryMb: number
    workers: number
    diskMb: number
    /** Most a job's output may bring back to the main function (the challenge's `limits.jobResultKb`). */
    jobResultKb?: number
    /** Most records a dataset action may bring back to the main function (`limits.jobResultRecords`). */
    jobResultRecords?: number
  }
  /** The learner's compiled program: the pool loads the same module in its worker isolates. */
  program: IsolateProgram
  /** A fresh folder for this run only; the caller creates it and removes it afterwards, also after a crash. */
  scratchDir: string
  /** The runner's class, `cpu` or `gpu:<adapter>`: the tensor engine picks its backend by it. */
  runnerClass: string
  /**
   * The run's input files, by the call of the entry they belong to. None is in the scratch folder
   * while the module evaluates: call k's files are linked in by `stage(k)`, before call k's clock
   * starts, so no code can read, list or even size an input (the timed one above all) before the
   * call it belongs to. Files of earlier calls stay, read-only (checks read them after the run).
   */
  inputFiles?: RunInputFiles
}

/** See `EngineRunOptions.inputFiles`. */
export interface RunInputFiles {
  /**
   * Links call `index`'s input files into the scratch folder (once; later calls of it only answer)
   * and answers their names. A file of the run's own with the same name is replaced by the input.
   */
  stage(index: number): readonly string[]
}

/**
 * An engine serving one run (one fresh isolate): installed into the isolate before the learner's
 * module runs, measured while it runs, disposed after it, whatever happened.
 */
export interface EngineInstance extends IsolateExtension {
  counters(): EngineCounters
  timeline?(): TimelineEntry[]
  /**
   * The last call's jobs as DAGs of stages, for an engine that plans them (dataset), and how many
   * more jobs it ran than it kept.
   */
  jobGraphs?(): EngineJobGraphs
  /**
   * An engine with isolates of its own (pool, mapreduce): the run's memory at its highest sample, its
   * isolates and the main isolate together. The grader reports the larger of this and the main
   * isolate's own peak as the run's peak.
   */
  peakBytes?(): number
  dispose(): Promise<void>
}
