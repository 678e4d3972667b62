import { excerpt } from '../authoring/excerpt.ts'
import type { CheckContext } from '../authoring/files.ts'
import { isBilingual, type LearnerText, splitLearnerText } from '../authoring/learnerText.ts'
import type { ChallengeTests } from '../authoring/types.ts'

/** A check's answer as the result carries it: `message` in English, `messageKo` when tests.ts gave Korean. */
export type Judgement =
  | { ok: true }
  | { ok: false; message: string; messageKo?: string; expected?: string; actual?: string }

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
    const reason = error instanceof Error ? error.message : String(error)
    return {
      ok: false,
      message: `The output could not be checked (${reason}).`,
      messageKo: `출력을 검사할 수 없었습니다 (${reason}).`,
      actual: excerpt(output),
    }
  }
  if (verdict === true) return { ok: true }
  if (typeof verdict === 'string' || isBilingual(verdict)) return failed(verdict, { actual: excerpt(output) })
  if (verdict.ok) return { ok: true }
  return failed(verdict.message, { expected: verdict.expected, actual: verdict.actual ?? excerpt(output) })
}

function failed(message: LearnerText, detail: { expected?: string; actual?: string }): Judgement {
  const { en, ko } = splitLearnerText(message)
  return { ok: false, message: en, ...(ko === undefined ? {} : { messageKo: ko }), ...detail }
}
