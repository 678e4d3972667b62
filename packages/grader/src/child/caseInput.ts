import type { GenerateContext } from '../authoring/files.ts'
import type { CaseSize, ChallengeTests } from '../authoring/types.ts'

/** Which input a task needs; resolved in the child so large inputs never cross process boundaries. */
export type CaseRef =
  | { kind: 'sample' | 'hidden'; index: number }
  | { kind: 'generated'; seed: number; size: CaseSize }

export function caseInput(
  tests: ChallengeTests<unknown, unknown, CaseSize>,
  ref: CaseRef,
  ctx: GenerateContext,
): unknown {
  if (ref.kind === 'generated') return tests.generate(ref.seed, ref.size, ctx)
  const source = (ref.kind === 'sample' ? tests.samples : tests.hidden)[ref.index]
  if (!source) throw new Error(`tests.ts has no ${ref.kind} case #${ref.index}`)
  return 'input' in source ? structuredClone(source.input) : tests.generate(source.seed, source.size, ctx)
}
