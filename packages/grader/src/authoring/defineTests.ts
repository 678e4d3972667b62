import type { CaseSize, ChallengeTests } from './types.ts'

/**
 * Identity with types: `export default defineTests<Input, Output>({ ... })` in tests.ts, or
 * `defineTests<Input, Output, { rows: number; cols: number }>` when a size has named parameters.
 */
export function defineTests<I, O = unknown, S extends CaseSize = number>(
  tests: ChallengeTests<I, O, S>,
): ChallengeTests<I, O, S> {
  return tests
}
