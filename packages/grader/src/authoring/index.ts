// The API a challenge's tests.ts is written against. tests.ts is trusted instructor code: it runs in
// the grader's child process (never inside the learner's isolate) and never reaches the browser,
// except for the sample cases' inputs.

// The dataset engine's binary input formats, written chunk by chunk for ctx.files.write (a file with
// no imports of its own, so it bundles into pack code as it is).
export {
  binaryRecordsFile,
  type ColumnSpec,
  type ColumnType,
  columnarFile,
  type FieldType,
} from '@arena/engines/dataset-files'
export { fail, pass } from './check.ts'
export { defineTests } from './defineTests.ts'
export { excerpt } from './excerpt.ts'
export type { CheckContext, GenerateContext, InputFiles, OutputFiles } from './files.ts'
export { type Bilingual, type LearnerText, msg } from './learnerText.ts'
export { createRng, type Rng } from './rng.ts'
export type {
  CaseParameters,
  CaseSize,
  CaseSource,
  ChallengeTests,
  CheckResult,
  GeneratedCases,
} from './types.ts'
