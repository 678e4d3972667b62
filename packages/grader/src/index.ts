export { boundResult, RESULT_BOUNDS } from './boundResult.ts'
export { bundleSampleKit, SampleKitError } from './compile/bundleSampleKit.ts'
export { bundleTests, TestsBundleError } from './compile/bundleTests.ts'
export type { CompileOutcome } from './compile/compileSolution.ts'
export { compileSolution, SOLUTION_GLOBAL } from './compile/compileSolution.ts'
export type { Grader, GraderOptions } from './createGrader.ts'
export { createGrader } from './createGrader.ts'
export { grade, isolateLimits } from './grade.ts'
export { gradeAsPublished } from './gradeAsPublished.ts'
export { HIDDEN_DETAIL_RULE, redactHidden } from './hiddenDetail.ts'
export { createPackInspector, type PackInspector, type SampleExcerpt } from './packInspector.ts'
export { type ReadGradeResult, readGradeResult } from './readGradeResult.ts'
export {
  GRADE_RESULT_VERSION,
  gradeResultSchema,
  parallelScalingSchema,
  perfResultSchema,
  runMetricsSchema,
  timelineEntrySchema,
} from './resultSchema.ts'
export { runnerKindOf, runnerMismatch, softwareGpuOf, unscoredReason } from './runnerClass.ts'
export { GOLD_AT, RATIO_CAP, SILVER_AT, tierOf } from './trial/runPerfTrial.ts'
export type {
  Clock,
  CpuProfileSummary,
  GradableChallenge,
  GradeMode,
  GradeRequest,
  GradeResult,
  HotLine,
  ParallelScaling,
  PerfCaseResult,
  PerfResult,
  ProfileFrame,
  ProfileResult,
  ProfileSide,
  ProgressEvent,
  RunMetrics,
  TestResult,
  Tier,
  TimelineEntry,
  Verdict,
} from './types.ts'
export { VERDICTS } from './types.ts'
