import { describe, expect, it } from 'vitest'
import {
  DIFFICULTY_WEIGHT,
  deviationAt,
  INITIAL_DEVIATION,
  initialRating,
  isProvisional,
  percentileOf,
  type Rating,
  rateGame,
} from './rating.ts'
import { DAY, T0 } from './testFacts.ts'

function play(
  games: number,
  percentile: number,
  difficulty: 'easy' | 'medium' | 'hard' = 'medium',
): Rating[] {
  const states = [initialRating()]
  for (let i = 0; i < games; i++) {
    states.push(rateGame(states.at(-1) as Rating, { difficulty, percentile, at: T0 + i * DAY }))
  }
  return states
}

describe('rating', () => {
  it('converges to the rating that expects the percentile played', () => {
    // Beating 76% of the field on medium challenges: expected score 0.76 at about 1500 + 200.
    const states = play(200, 0.76)
    const final = states.at(-1) as Rating
    expect(final.rating).toBeGreaterThan(1650)
    expect(final.rating).toBeLessThan(1750)
    const last = states.slice(-20).map((state) => state.rating)
    expect(Math.max(...last) - Math.min(...last)).toBeLessThan(15)
  })

  it('moves new players fast and settled players slowly (uncertainty)', () => {
    const states = play(30, 1)
    const firstStep = (states[1] as Rating).rating - (states[0] as Rating).rating
    const lateStep = (states[30] as Rating).rating - (states[29] as Rating).rating
    expect(firstStep).toBeGreaterThan(100)
    expect(lateStep).toBeLessThan(firstStep / 4)
    for (let i = 1; i < states.length; i++) {
      expect((states[i] as Rating).deviation).toBeLessThan((states[i - 1] as Rating).deviation)
    }
    expect(isProvisional(states[1] as Rating)).toBe(true)
    expect(isProvisional(states[30] as Rating)).toBe(false)
  })

  it('weights by difficulty: the same percentile on a harder challenge gains more', () => {
    const easy = rateGame(initialRating(), { difficulty: 'easy', percentile: 0.6, at: T0 })
    const hard = rateGame(initialRating(), { difficulty: 'hard', percentile: 0.6, at: T0 })
    expect(easy.rating).toBeGreaterThan(1500)
    expect(hard.rating - 1500).toBeGreaterThan(easy.rating - 1500)
    expect(hard.deviation).toBeLessThan(easy.deviation)
    expect(DIFFICULTY_WEIGHT.hard).toBeGreaterThan(DIFFICULTY_WEIGHT.easy)
  })

  it('leaves a new player where they are when they beat exactly half the field (or are alone)', () => {
    const alone = rateGame(initialRating(), { difficulty: 'hard', percentile: percentileOf(1, []), at: T0 })
    expect(alone.rating).toBeCloseTo(1500, 6)
    expect(alone.deviation).toBeLessThan(INITIAL_DEVIATION)
  })

  it('grows the deviation back while a player is away', () => {
    const settled = play(30, 0.5).at(-1) as Rating
    expect(deviationAt(settled, (settled.lastAt as number) + 365 * DAY)).toBeGreaterThan(settled.deviation)
    expect(deviationAt(settled, (settled.lastAt as number) + 10_000 * DAY)).toBe(INITIAL_DEVIATION)
  })

  it('computes percentiles with ties counting half, and 0.5 alone', () => {
    expect(percentileOf(2, [1, 2, 3, 4])).toBe(0.375)
    expect(percentileOf(5, [1, 2])).toBe(1)
    expect(percentileOf(1, [])).toBe(0.5)
  })
})
