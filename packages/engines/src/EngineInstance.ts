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

/** Everything an engine needs to serve one run. */
export interface EngineRunOptions {
  limits: { cpuMs: number; wallMs: number; memoryMb: number; workers: number; diskMb: number }
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
   * An engine with isolates of its own (pool, mapreduce): the run's memory at its highest sample, its
   * isolates and the main isolate together. The grader reports the larger of this and the main
   * isolate's own peak as the run's peak.
   */
  peakBytes?(): number
  dispose(): Promise<void>
}
