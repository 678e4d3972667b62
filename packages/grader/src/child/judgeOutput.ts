import { excerpt } from '../authoring/excerpt.ts'
import type { CheckContext } from '../authoring/files.ts'
import type { ChallengeTests } from '../authoring/types.ts'

export type Judgement = { ok: true } | { ok: false; message: string; expected?: string; actual?: string }

/** Runs the challenge's check on an untrusted output; a checker that throws is a fault of the pack. */
export function judgeOutput(
  tests: ChallengeTests<unknown>,
  input: unknown,
  output: unknown,
  ctx: CheckContext,
): Judgement {
  let verdict: ReturnType<ChallengeTests<unknown>['check']>
  try {
    verdict = tests.check(input, output, ctx)
  } catch (error) {
    // Most checkers throw on outputs of the wrong shape; say what came back rather than blame the pack.
    return {
      ok: false,
      message: `The output could not be checked (${error instanceof Error ? error.message : String(error)}).`,
      actual: excerpt(output),
    }
  }
  if (verdict === true) return { ok: true }
  if (typeof verdict === 'string') return { ok: false, message: verdict, actual: excerpt(output) }
  if (verdict.ok) return { ok: true }
  return {
    ok: false,
    message: verdict.message,
    expected: verdict.expected,
    actual: verdict.actual ?? excerpt(output),
  }
}
