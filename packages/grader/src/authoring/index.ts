// The API a challenge's tests.ts is written against. tests.ts is trusted instructor code: it runs in
// the grader's child process (never inside the learner's isolate) and never reaches the browser,
// except for the sample cases' inputs.
export type { ChallengeTests, CaseSource, CheckResult, GeneratedCases } from './types.ts'
export { defineTests } from './defineTests.ts'
export { pass, fail } from './check.ts'
export { createRng, type Rng } from './rng.ts'
export { excerpt } from './excerpt.ts'
