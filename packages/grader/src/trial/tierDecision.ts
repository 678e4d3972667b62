// How a performance trial turns noisy round samples into a tier (issue 16.4, issue 17.4): pure
// functions of the samples, shared by the grader's trial and the page's local runs (browser-safe: no
// Node imports here or in stats.ts).
import { geometricMean, median, medianInterval } from './stats.ts'

/** Per-case ratios are clamped to [1/CAP, CAP] so that one case cannot dominate the score. */
export const RATIO_CAP = 10
/** Within 5% of the reference counts as reference speed: the measurement itself moves by a few %. */
export const GOLD_AT = 0.95
export const SILVER_AT = 0.5
/** The lines between tiers, lowest first. */
export const TIER_LINES = [SILVER_AT, GOLD_AT] as const

/**
 * A headline interval that still crosses a tier line and is wider than ±this (relative half-width)
 * says the machine could not measure: the result is marked noisy (the runner grades it once more).
 * Narrower, it only means the score sits near the line ("gold within the measurement noise").
 */
export const NOISY_SPREAD = 0.15

/** Rounds a trial measures of its own even when the time budget is spent (carried rounds aside). */
export const FLOOR_ROUNDS = 3

/**
 * Rounds a distribution-free 95% interval of the median needs (stats.ts): the whole range of 5 rounds
 * covers the median only 94% of the time, of 3 rounds 75%. A case cut short by the time budget still
 * gets this many (its own and carried ones): with 3, an exact reference whose three rounds happened to
 * fall below the gold line was settled silver on a busy machine (tiers bench, load ~20).
 */
export const INTERVAL_ROUNDS = 6

/**
 * Time for the whole performance trial of one Submit (all cases), so that a Submit finishes in
 * seconds (issue 17.4). A challenge's own `perf.budgetMs` per case can only lower it.
 */
export const TRIAL_BUDGET_MS = 9_000

export type TierName = 'gold' | 'silver' | 'bronze'

export function tierOf(score: number): TierName {
  if (score >= GOLD_AT) return 'gold'
  if (score >= SILVER_AT) return 'silver'
  return 'bronze'
}

export function clampRatio(ratio: number): number {
  return Math.min(RATIO_CAP, Math.max(1 / RATIO_CAP, ratio))
}

/** One case's round ratios (reference time / submission time) summarized: median and 95% interval. */
export interface CaseEstimate {
  ratio: number
  interval: [number, number]
}

export function estimateCase(ratios: readonly number[]): CaseEstimate {
  return { ratio: median(ratios), interval: medianInterval(ratios) }
}

/** Half-width of an interval relative to its centre value, e.g. 0.02 for ±2%. */
export function spreadOf(center: number, [low, high]: readonly [number, number]): number {
  return (high - low) / 2 / center
}

/**
 * The headline: the geometric mean of the capped per-case ratios, and its interval, the geometric
 * means of the capped per-case interval ends (every case at its low end, every case at its high end:
 * wider than the true interval of the mean, so a tier it settles is settled).
 */
export function headlineOf(cases: readonly CaseEstimate[]): CaseEstimate {
  return {
    ratio: geometricMean(cases.map((each) => clampRatio(each.ratio))),
    interval: [
      geometricMean(cases.map((each) => clampRatio(each.interval[0]))),
      geometricMean(cases.map((each) => clampRatio(each.interval[1]))),
    ],
  }
}

/** The tier line inside the interval (the score could be on either side of it), or undefined. */
export function crossedLine([low, high]: readonly [number, number]): number | undefined {
  return TIER_LINES.find((line) => low < line && line <= high)
}

/**
 * A case may stop adding rounds once it has its minimum and either its interval is as narrow as the
 * challenge asks (`precise`) or it crosses no tier line (`decided`: far from every boundary, more
 * rounds would not change a tier).
 */
export function caseSettled(
  ratios: readonly number[],
  minRounds: number,
  targetSpread: number,
): 'precise' | 'decided' | undefined {
  if (ratios.length < minRounds) return undefined
  const estimate = estimateCase(ratios)
  if (spreadOf(estimate.ratio, estimate.interval) <= targetSpread) return 'precise'
  if (crossedLine(estimate.interval.map(clampRatio) as [number, number]) === undefined) return 'decided'
  return undefined
}

export interface TierDecision {
  tier: TierName
  /** The interval crosses a tier line: the tier is the one its upper end reaches (see decideTier). */
  withinNoise: boolean
  /** The interval crosses a line and is too wide to say anything: an unusable measurement. */
  noisy: boolean
  /** For the learner (English; the page words it in its own language from the fields). */
  note?: string
}

/**
 * How far above the point a score may be read when the interval says it could be higher: the upper
 * end, but never more than a usable measurement's half-width (NOISY_SPREAD) above the point. So a
 * measurement too noisy to rank gives no tier its point is far from: a solution 2x slower than the
 * reference (point near 0.5) whose interval reached 0.99 on a busy machine got gold before this bound.
 */
export function benefitOfDoubt(headline: CaseEstimate): number {
  return Math.min(headline.interval[1], headline.ratio * (1 + NOISY_SPREAD))
}

/**
 * The tier of a headline, decided by its interval, not its point: when the interval crosses a tier
 * line the learner gets the tier the interval reaches (its upper end, bounded by benefitOfDoubt), said
 * to be within the noise; a noisy one is marked so.
 */
export function decideTier(headline: CaseEstimate): TierDecision {
  const line = crossedLine(headline.interval)
  if (line === undefined) return { tier: tierOf(headline.ratio), withinNoise: false, noisy: false }
  const noisy = spreadOf(headline.ratio, headline.interval) > NOISY_SPREAD
  const reached = benefitOfDoubt(headline)
  const tier = tierOf(reached)
  const [low, high] = headline.interval
  const reaches =
    reached < high
      ? `the 95% interval ${low.toFixed(2)}x-${high.toFixed(2)}x is too wide to trust its upper end, so the score is read no higher than ${reached.toFixed(2)}x`
      : `the 95% interval ${low.toFixed(2)}x-${high.toFixed(2)}x reaches the ${tier} line (${line}x)`
  const note = `${tier} within the measurement noise: ${reaches}${noisy ? '; the machine was too noisy for a sure tier' : ''}.`
  return { tier, withinNoise: true, noisy, note }
}
