import type { SubmissionMode } from '@arena/db'

/** What a queued job's wait is estimated from: where it stands, who grades, how long gradings take. */
export interface WaitInput {
  /** A Run (`samples`) or a Submit (`full`). */
  mode: SubmissionMode
  /** Queued Runs of the job's class that go before it. */
  runsAhead: number
  /** Queued Submits (and other jobs below a Run's priority) of the job's class that go before it. */
  submitsAhead: number
  /** Runners online that take the job's class. */
  runnersOnline: number
  /** Recent grading times of Runs of this class, ms (any order; empty: no history). */
  recentRunMs: readonly number[]
  /** Recent grading times of Submits of this class, ms. */
  recentSubmitMs: readonly number[]
}

/** A Run's grading time when this class has graded none yet (a sample Run measured ~0.2 s). */
export const DEFAULT_RUN_MS = 1_000
/** A Submit's grading time when this class has graded none yet (issue 17's target for a baseline). */
export const DEFAULT_SUBMIT_MS = 30_000

/**
 * The expected wait (ms) until a runner starts grading a queued job, or null when no runner of its
 * class is online (nothing to estimate from: it waits until one starts).
 *
 * Each runner has one slot that takes Submits (Runs first when both wait) and a reserved lane that
 * takes only Runs (packages/queue README). A job is queued only while those slots are busy, so:
 * - a Run waits for the Runs ahead of it, shared by the runners' lanes, plus half a Run for the one
 *   each lane holds;
 * - a Submit waits for the Submits ahead of it, shared by the runners' Submit slots, plus half a
 *   Submit for the one each slot holds; the Runs ahead mostly go to the lanes, and the Submit slots
 *   take them only when they free up, so they count half.
 * A grading time is the median of the recent ones (robust to one slow or failed grading).
 */
export function estimateWaitMs(input: WaitInput): number | null {
  if (input.runnersOnline <= 0) return null
  const runMs = median(input.recentRunMs) ?? DEFAULT_RUN_MS
  const runners = input.runnersOnline
  const runsAhead = Math.max(0, input.runsAhead)
  if (input.mode === 'samples') return Math.round(((runsAhead + 0.5) * runMs) / runners)
  const submitMs = median(input.recentSubmitMs) ?? DEFAULT_SUBMIT_MS
  const submitsAhead = Math.max(0, input.submitsAhead)
  return Math.round(((submitsAhead + 0.5) * submitMs + (runsAhead * runMs) / 2) / runners)
}

/** The median of the values, or undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1]! + sorted[middle]!) / 2
}
