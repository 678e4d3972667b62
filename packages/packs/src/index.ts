// @arena/packs: challenge packs on disk -> validated, typed values the grader and the server use.

export { formatPackTestReport } from './cli/formatPackTestReport.ts'
export { challengeDts } from './dts/challengeDts.ts'
export { engineModule } from './dts/engineModule.ts'
export { JSON_SCHEMA_FILES, jsonSchemaTexts } from './jsonSchema/jsonSchemas.ts'
export { editChallengeYaml } from './load/editChallengeYaml.ts'
export { issueMessage } from './load/issueMessage.ts'
export { loadPack } from './load/loadPack.ts'
export { packFiles, packHash } from './load/packHash.ts'
export {
  type ExpectHeader,
  needsPerfTrial,
  parseExpectHeader,
  skipsLesson,
} from './load/parseExpectHeader.ts'
export { type PackReadResult, readPack } from './load/readPack.ts'
export { validatePack } from './load/validatePack.ts'
export { PackInvalidError } from './PackInvalidError.ts'
export { judgeRun, type RunJudgement } from './packTest/judgeRun.ts'
export { COUNTERS_WITH_CALL_CPU, type LessonWarning, lessonWarnings } from './packTest/lessonWarnings.ts'
export { OUTPUT_PROBES, type OutputProbe } from './packTest/outputProbes.ts'
export { MIN_PARALLEL_SPEEDUP, type ParallelSpeedup } from './packTest/parallelSpeedup.ts'
export { type PlannedRun, planRuns, type RunRole } from './packTest/planRuns.ts'
export {
  type Grading,
  type PackTestOptions,
  type PackTestReport,
  type PackTestRow,
  testPack,
} from './packTest/testPack.ts'
export { formatProblem, type PackProblem } from './problem.ts'
export { ScaffoldError } from './scaffold/ScaffoldError.ts'
export { type ScaffoldResult, scaffoldChallenge } from './scaffold/scaffoldChallenge.ts'
export {
  type ChallengeConfig,
  type ChallengeHint,
  type ChallengeLimits,
  challengeSchema,
  ENGINES,
  type Engine,
  hintCost,
  limitsSchema,
  type PackConfig,
  type PerfConfig,
  packSchema,
  perfCaseSchema,
  perfSchema,
  RUNNERS,
  TOPICS,
  type Topic,
} from './schema.ts'
export { toGradable } from './toGradable.ts'
export { type SolutionRole, typecheckChallenge } from './typecheck/typecheckChallenge.ts'
export type {
  Challenge,
  ChallengeFiles,
  ChallengeSources,
  Pack,
  SlowSolution,
  WrongSolution,
} from './types.ts'
export { TOPIC_DESCRIPTIONS, topicLines } from './vocabulary.ts'
