import type { ChallengeTests } from './types.ts'

/** Identity with types: `export default defineTests<Input, Output>({ ... })` in tests.ts. */
export function defineTests<I, O = unknown>(tests: ChallengeTests<I, O>): ChallengeTests<I, O> {
  return tests
}
