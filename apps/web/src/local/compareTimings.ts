// Local timings compared the way the grader compares (issue 16.5): rounds of both programs on the
// same generated input, order alternating, after a discarded first round; the figure is the median of
// the rounds' own ratios with its 95% interval, from the grader's own statistics and tier rule.
import { caseSettled, estimateCase } from '@arena/grader/result'

/** The first round only warms the browser (script compile, code cache): it is run and not counted. */
export const DISCARDED_ROUNDS = 1
export const MIN_ROUNDS = 5
export const MAX_ROUNDS = 15
/** Local timing stops adding rounds after this long (a learner waits for it). */
export const LOCAL_BUDGET_MS = 8_000
/** Stop once the interval is within ±this: the local clock is coarse (ms) and the machine is shared. */
export const LOCAL_TARGET_SPREAD = 0.05

/** One round's ratio: the compared program's time / this run's (> 1: this run is faster). */
export function roundRatio(comparedMs: number, currentMs: number): number {
  // The browser's clock may read 0 for a fast call: a tenth of a ms keeps the ratio finite.
  return Math.max(comparedMs, 0.1) / Math.max(currentMs, 0.1)
}

/** Whether the timing may stop: enough rounds and a settled interval, the maximum, or the budget. */
export function timingDone(ratios: readonly number[], elapsedMs: number): boolean {
  if (ratios.length >= MAX_ROUNDS) return true
  if (elapsedMs >= LOCAL_BUDGET_MS && ratios.length >= 3) return true
  return caseSettled(ratios, MIN_ROUNDS, LOCAL_TARGET_SPREAD) !== undefined && sameSpeedSettled(ratios)
}

/**
 * caseSettled says "decided" once no tier line is inside the interval; locally the line that matters
 * is 1 (same speed) too: an interval across 1 is settled only when it is narrow, so identical code
 * keeps measuring until it reads as 1x within a tight interval, or the budget ends.
 */
function sameSpeedSettled(ratios: readonly number[]): boolean {
  const { ratio, interval } = estimateCase(ratios)
  const [low, high] = interval
  const crossesOne = low <= 1 && 1 <= high
  return !crossesOne || (high - low) / 2 / ratio <= LOCAL_TARGET_SPREAD
}

export interface TimingSummary {
  /** Median of the rounds' ratios (compared / current). */
  ratio: number
  interval: [number, number]
  rounds: number
  /** 1x is inside the interval: the same speed within the measurement noise. */
  sameSpeed: boolean
}

export function summarizeTimings(ratios: readonly number[]): TimingSummary {
  const { ratio, interval } = estimateCase(ratios)
  return { ratio, interval, rounds: ratios.length, sameSpeed: interval[0] <= 1 && 1 <= interval[1] }
}
