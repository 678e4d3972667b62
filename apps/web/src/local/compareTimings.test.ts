// Local timings compare as the grader does (issue 16.5): the median of the rounds' own ratios with a
// 95% interval; identical code reads as 1x within its interval, and the timing stops only once settled.
import { describe, expect, it } from 'vitest'
import {
  LOCAL_BUDGET_MS,
  MAX_ROUNDS,
  MIN_ROUNDS,
  roundRatio,
  summarizeTimings,
  timingDone,
} from './compareTimings.ts'

describe('local timing comparison', () => {
  it('reads identical code (rounds scattered around 1) as the same speed within its interval', () => {
    const ratios = [1.04, 0.97, 1.01, 0.99, 1.03, 0.96, 1.0]
    const summary = summarizeTimings(ratios)
    expect(summary.sameSpeed).toBe(true)
    expect(summary.ratio).toBe(1.0)
    expect(summary.interval[0]).toBeLessThanOrEqual(1)
    expect(summary.interval[1]).toBeGreaterThanOrEqual(1)
  })

  it('forms the ratio per round, not from separate medians: one slow round of each side does not skew it', () => {
    // A cold first call of the compared program and a cold call of this one in another round: the
    // medians of the two sides' times would differ, the rounds' own ratios do not.
    const rounds: [number, number][] = [
      [90, 10],
      [10, 10],
      [11, 11],
      [10, 80],
      [12, 12],
    ]
    const summary = summarizeTimings(rounds.map(([compared, current]) => roundRatio(compared, current)))
    expect(summary.ratio).toBe(1)
    expect(summary.sameSpeed).toBe(true)
  })

  it('says a 2x-slower program is slower: 1 is outside its interval', () => {
    const summary = summarizeTimings([0.5, 0.52, 0.48, 0.55, 0.47])
    expect(summary.sameSpeed).toBe(false)
    expect(summary.ratio).toBe(0.5)
  })

  it('goes on while the interval straddles 1 widely, stops once narrow, at most at MAX_ROUNDS or the budget', () => {
    const wide = [1.3, 0.8, 1.2, 0.85, 1.1]
    expect(timingDone(wide, 100)).toBe(false)
    expect(timingDone([1.01, 0.99, 1.0, 1.02, 0.98], 100)).toBe(true)
    expect(timingDone(wide.slice(0, MIN_ROUNDS - 1), 100)).toBe(false)
    expect(
      timingDone(
        Array.from({ length: MAX_ROUNDS }, (_, i) => (i % 2 ? 1.3 : 0.8)),
        100,
      ),
    ).toBe(true)
    expect(timingDone(wide.slice(0, 3), LOCAL_BUDGET_MS)).toBe(true)
    // Far from 1 and from every tier line: settled at the minimum rounds.
    expect(timingDone([0.2, 0.25, 0.18, 0.22, 0.3], 100)).toBe(true)
  })

  it('keeps a ratio finite when the coarse browser clock reads 0', () => {
    expect(Number.isFinite(roundRatio(0, 0))).toBe(true)
    expect(roundRatio(0, 0)).toBe(1)
  })
})
