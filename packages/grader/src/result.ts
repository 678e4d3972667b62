// `@arena/grader/result`: the grade result contract alone (zod, no sandbox), for code that reads
// results outside the grader: the runner, the server, the web app, scripts and fixtures.
// tests.ts's words in both languages, as the page's local runs receive them from the kit's check.
export { type LearnerText, splitLearnerText } from './authoring/learnerText.ts'
// What generate(seed, size) receives: a whole number or named parameters, and how people read it.
export {
  type CaseParameters,
  type CaseSize,
  caseParametersSchema,
  caseSizeMismatch,
  caseSizeParts,
  caseSizeSchema,
  caseSizeShape,
  caseSizeUnion,
  checkedCaseSize,
  formatCaseSize,
} from './caseSize.ts'
export { cpuProfileSchema, profileResultSchema } from './profileSchema.ts'
export { type ReadGradeResult, readGradeResult } from './readGradeResult.ts'
export {
  GRADE_RESULT_VERSION,
  gradeResultSchema,
  parallelScalingSchema,
  perfCaseResultSchema,
  perfResultSchema,
  runMetricsSchema,
  testResultSchema,
  timelineEntrySchema,
  VERDICTS,
} from './resultSchema.ts'
// The trial's pure statistics and tier rule, for the page's local runs to compare as the server does.
export { geometricMean, median, medianInterval } from './trial/stats.ts'
export {
  benefitOfDoubt,
  type CaseEstimate,
  caseSettled,
  clampRatio,
  crossedLine,
  decideTier,
  estimateCase,
  GOLD_AT,
  headlineOf,
  NOISY_SPREAD,
  RATIO_CAP,
  SILVER_AT,
  spreadOf,
  type TierDecision,
} from './trial/tierDecision.ts'
export type {
  Clock,
  CpuProfileSummary,
  GradeMode,
  GradeResult,
  HotLine,
  ParallelScaling,
  PerfCaseResult,
  PerfResult,
  ProfileFrame,
  ProfileResult,
  RunMetrics,
  TestResult,
  Tier,
  TimelineEntry,
  Verdict,
} from './types.ts'
