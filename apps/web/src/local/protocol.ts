import type { CaseSize } from '@arena/grader/result'
import type { PageProgram } from './compileInPage.ts'

/** Sent when the page opens: the driver imports the kit before the learner asks for a run. */
export interface LocalRunPreload {
  type: 'preload'
  kitUrl: string
}

/**
 * The learner's last program that passed every sample here, or, once they solved the challenge (an
 * Accepted submission), the instructor's reference: the server shows it only then.
 */
export type Against = 'previous' | 'reference'

export interface Comparison {
  against: Against
  program: PageProgram
}

/** What the page asks the local-run driver worker to do. */
export interface LocalRunRequest {
  type: 'start'
  /** The challenge version's sample kit (server route, see apps/server/src/localRun). */
  kitUrl: string
  program: PageProgram
  /** What this run's times are ratios to, timed on the same inputs in the same worker. */
  compareWith?: Comparison
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
  /** The check's message in Korean, where tests.ts gave one (msg). */
  messageKo?: string
  location?: { line: number; column: number }
  input?: string
  /** The input's summary in Korean, where tests.ts's describe gave one. */
  inputKo?: string
  expected?: string
  actual?: string
  output?: string
  /** Wall time of the entry call in this worker, ms. */
  ms?: number
  /** The compared program's time on the same input in the same worker, ms. */
  comparedMs?: number
  /** Where the tensor/gpu engines ran, e.g. `tensor: gpu, SwiftShader (CPU)`, `tensor: cpu`. */
  backend?: string
}

export type LocalRunEvent =
  | { type: 'started'; total: number; names: string[] }
  | { type: 'running'; index: number; name: string }
  | { type: 'test'; index: number; result: LocalTestResult }
  | { type: 'timing'; phase: 'running'; against: Against; size: CaseSize; rounds: number }
  | {
      type: 'timing'
      phase: 'done'
      against: Against
      size: CaseSize
      rounds: number
      currentMs: number
      comparedMs: number
      /** Median of the rounds' own ratios (compared / current), as the grader's trial forms it. */
      ratio: number
      /** Its 95% interval. */
      interval: [number, number]
      /** 1x is inside the interval: the same speed within the measurement noise. */
      sameSpeed: boolean
    }
  | { type: 'timing'; phase: 'skipped'; against: Against; size: CaseSize; reason: string }
  | { type: 'done' }
  | { type: 'fault'; message: string }
