import type { CheckContext, GenerateContext } from './files.ts'
import type { LearnerText } from './learnerText.ts'

/**
 * What a check says about one output. `message` is English, or both languages (`msg({ en, ko })`);
 * `expected`/`actual` are short texts shown for sample cases (values: the same in every language).
 */
export type CheckResult =
  | { ok: true }
  | { ok: false; message: LearnerText; expected?: string; actual?: string }

/**
 * One test case: a literal input, or an input generated from a seed and a size.
 * Inputs must be structured-clonable (numbers, strings, plain objects, arrays, typed arrays).
 */
export type CaseSource<I> = { name: string; input: I } | { name: string; seed: number; size: number }

/** Seeded cases made fresh for every grading from the grader's secret seed. */
export interface GeneratedCases {
  count: number
  /** Sizes cycled through, smallest first. */
  sizes: number[]
}

export interface ChallengeTests<I, O = unknown> {
  /**
   * Deterministic: the same seed and size must give the same input. `ctx.files` writes input files
   * (challenges granting `disk`); the input value then holds their names, not their bytes.
   */
  generate(seed: number, size: number, ctx: GenerateContext): I
  /**
   * Judges an output. `output` is untrusted: it came out of learner code, so check its type.
   * Returning `true` means pass; returning a string (English) or `msg({ en, ko })` means fail with that
   * message, shown in the learner's language.
   */
  check(input: I, output: O, ctx: CheckContext): CheckResult | true | LearnerText
  /** Shown to learners with their inputs (and `expected`/`actual` on failure). */
  samples: CaseSource<I>[]
  /** Graded, never sent to the browser: only their names and verdicts are shown. */
  hidden: CaseSource<I>[]
  generated?: GeneratedCases
  /**
   * A short text of an input for messages, English or `msg({ en, ko })`; defaults to a truncated
   * JSON-like rendering.
   */
  describe?(input: I): LearnerText
}
