import type { CaseSize } from '../caseSize.ts'
import type { CheckContext, GenerateContext } from './files.ts'
import type { LearnerText } from './learnerText.ts'

export type { CaseParameters, CaseSize } from '../caseSize.ts'

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
export type CaseSource<I, S extends CaseSize = number> =
  | { name: string; input: I }
  | { name: string; seed: number; size: S }

/** Seeded cases made fresh for every grading from the grader's secret seed. */
export interface GeneratedCases<S extends CaseSize = number> {
  count: number
  /** Sizes cycled through, smallest first. */
  sizes: S[]
}

/**
 * `S` is the size's shape: a whole number (the default), or named parameters for inputs with more
 * than one dimension, e.g. `{ rows: number; cols: number }`, given in challenge.yaml as
 * `size: { rows: 1024, cols: 2048 }` (`arena pack validate` checks the YAML's sizes against it).
 */
export interface ChallengeTests<I, O = unknown, S extends CaseSize = number> {
  /**
   * Deterministic: the same seed and size must give the same input. `ctx.files` writes input files
   * (challenges granting `disk`); the input value then holds their names, not their bytes.
   */
  generate(seed: number, size: S, ctx: GenerateContext): I
  /**
   * Judges an output. `output` is untrusted: it came out of learner code, so check its type.
   * Returning `true` means pass; returning a string (English) or `msg({ en, ko })` means fail with that
   * message, shown in the learner's language.
   */
  check(input: I, output: O, ctx: CheckContext): CheckResult | true | LearnerText
  /** Shown to learners with their inputs (and `expected`/`actual` on failure). */
  samples: CaseSource<I, S>[]
  /** Graded, never sent to the browser: only their names and verdicts are shown. */
  hidden: CaseSource<I, S>[]
  generated?: GeneratedCases<S>
  /**
   * A short text of an input for messages, English or `msg({ en, ko })`; defaults to a truncated
   * JSON-like rendering.
   */
  describe?(input: I): LearnerText
}
