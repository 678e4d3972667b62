export { bundleSampleKit, SampleKitError } from './compile/bundleSampleKit.ts'
export { bundleTests, TestsBundleError } from './compile/bundleTests.ts'
export type { CompileOutcome } from './compile/compileSolution.ts'
export { compileSolution, SOLUTION_GLOBAL } from './compile/compileSolution.ts'
export type { Grader, GraderOptions } from './createGrader.ts'
export { createGrader } from './createGrader.ts'
export { grade, isolateLimits } from './grade.ts'
export { runnerKindOf, runnerMismatch } from './runnerClass.ts'
export { GOLD_AT, RATIO_CAP, SILVER_AT, tierOf } from './trial/runPerfTrial.ts'
export type {
  Clock,
  GradableChallenge,
  GradeMode,
  GradeRequest,
  GradeResult,
  ParallelScaling,
  PerfCaseResult,
  PerfResult,
  ProgressEvent,
  RunMetrics,
  TestResult,
  Tier,
  Verdict,
} from './types.ts'
export { VERDICTS } from './types.ts'
