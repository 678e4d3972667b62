import { ProcessPool } from '@arena/sandbox'
import { grade } from './grade.ts'
import { PROFILE_MODULE } from './profile/profileLargestCase.ts'
import { TASKS_MODULE } from './trial/sandboxCalls.ts'
import type { GradeRequest, GradeResult } from './types.ts'

export interface GraderOptions {
  /** Sandbox child processes. One by default: timings of concurrent runs would disturb each other. */
  workers?: number
  /** Recorded in every result: ratios compare only within one runner class. */
  runnerClass?: string
}

export interface Grader {
  grade(request: GradeRequest): Promise<GradeResult>
  close(): Promise<void>
}

export function createGrader(options: GraderOptions = {}): Grader {
  // Children start from one bundle of the grader's two task modules, not from source.
  const pool = new ProcessPool({ size: options.workers ?? 1, taskModules: [TASKS_MODULE, PROFILE_MODULE] })
  const runnerClass = options.runnerClass ?? 'cpu'
  return {
    grade: (request) => grade(request, { pool, runnerClass }),
    close: () => pool.close(),
  }
}
