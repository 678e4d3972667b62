import type { PageProgram } from './compileInPage.ts'

/** Sent when the page opens: the driver imports the kit before the learner asks for a run. */
export interface LocalRunPreload {
  type: 'preload'
  kitUrl: string
}

/** What the page asks the local-run driver worker to do. */
export interface LocalRunRequest {
  type: 'start'
  /** The challenge version's sample kit (server route, see apps/server/src/localRun). */
  kitUrl: string
  program: PageProgram
  /** The learner's previous locally run program: timed on the same inputs, for the ratio. */
  previous?: PageProgram
}

/** One sample's outcome: the fields of the server's TestResult for a sample, plus local timings. */
export interface LocalTestResult {
  name: string
  status:
    | 'Accepted'
    | 'WrongAnswer'
    | 'TimeLimit'
    | 'MemoryLimit'
    | 'RuntimeError'
    | 'CompileError'
    | 'InternalError'
  message?: string
  location?: { line: number; column: number }
  input?: string
  expected?: string
  actual?: string
  output?: string
  /** Wall time of the entry call in this worker, ms. */
  ms?: number
  /** The previous program's time on the same input in the same worker, ms. */
  previousMs?: number
  /** Where the tensor/gpu engines ran, e.g. `tensor: gpu, SwiftShader (CPU)`, `tensor: cpu`. */
  backend?: string
}

export type LocalRunEvent =
  | { type: 'started'; total: number; names: string[] }
  | { type: 'running'; index: number; name: string }
  | { type: 'test'; index: number; result: LocalTestResult }
  | { type: 'timing'; phase: 'running'; size: number; rounds: number }
  | { type: 'timing'; phase: 'done'; size: number; rounds: number; currentMs: number; previousMs: number }
  | { type: 'timing'; phase: 'skipped'; size: number; reason: string }
  | { type: 'done' }
  | { type: 'fault'; message: string }
