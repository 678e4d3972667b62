import type { ProfileCapture } from './callProfiler.ts'
import type { SourceLocation } from './sourcePositions.ts'

export type FailureStatus = 'TimeLimit' | 'MemoryLimit' | 'RuntimeError' | 'CompileError'

/** How a program run ended. Failures are values: they are the learner's, not ours. */
export type RunOutcome =
  | { status: 'ok' }
  | {
      status: FailureStatus
      message: string
      location?: SourceLocation
      /** The learner's stack, mapped to their own lines. */
      stack?: string
    }

export interface CallMeasurement {
  /** The isolate's CPU time during the call (the learner's own code). */
  cpuNs: number
  wallNs: number
  /** Host CPU the engines spent on the call's behalf (IsolateExtension.hostCpuNs); 0 without engines. */
  engineCpuNs: number
}

export interface ProgramRun {
  outcome: RunOutcome
  /** Outputs of the calls that completed, in order. */
  outputs: unknown[]
  calls: CallMeasurement[]
  /** Max over checkpoints of V8 committed heap + ArrayBuffer bytes; see the package README. */
  peakBytes: number
  /** Isolate CPU and wall time of the whole run (evaluation and all calls). */
  cpuNs: number
  wallNs: number
  console: { text: string; droppedBytes: number }
  /** When a call was profiled (RunOptions.profile): its CPU profile, or why there is none. */
  profile?: ProfileCapture
}
