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
}

/**
 * An engine serving one run (one fresh isolate): installed into the isolate before the learner's
 * module runs, measured while it runs, disposed after it, whatever happened.
 */
export interface EngineInstance extends IsolateExtension {
  counters(): EngineCounters
  timeline?(): TimelineEntry[]
  dispose(): Promise<void>
}
