import type { PackProblem, PackTestRow } from '@arena/packs'

// The pack-test job as the queue carries it. apps/runner/src/packTestJob.ts spells the same shapes
// (an app never imports another app); both sides speak JSON.

export interface PackTestJobPayload {
  kind: 'pack-test'
  testId: number
  packId: string
  packHash: string
}

/** A row of the `arena pack test` table, without the full GradeResult. */
export type PackTestReportRow = Omit<PackTestRow, 'result'> & { message?: string }

export interface PackTestReportView {
  pack: string
  hash: string
  ok: boolean
  typeProblems: PackProblem[]
  rows: PackTestReportRow[]
}

export interface PackTestJobResult {
  report: PackTestReportView
  /** The table `arena pack test` prints, without colors. */
  text: string
}

export type PackTestRunnerEvent =
  | { type: 'plan'; challenge: string; solutions: { solution: string; expect: string }[] }
  | { type: 'run'; challenge: string; solution: string }
  | { type: 'step'; challenge: string; solution: string; step: string }
  | { type: 'row'; row: PackTestReportRow }

export function packTestJobId(testId: number): string {
  return `pack-test-${testId}`
}
