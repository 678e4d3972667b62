import { describe, expect, it } from 'vitest'
import { initialRating, MIN_FIELD_FOR_PERCENTILE } from './rating.ts'
import { ratingEvent } from './ratingEvent.ts'
import { T0 } from './testFacts.ts'

const game = (others: number, percentile = 1) =>
  ratingEvent(initialRating(), {
    difficulty: 'medium',
    percentile,
    at: T0,
    runnerClass: 'cpu',
    challengeKey: 'core/sum',
    challengeTitle: 'Column sums',
    submissionId: 1,
    others,
  }).event

describe('rating event phrases', () => {
  it('alone on the board: "first accepted result", no percentile', () => {
    const event = game(0, 0.5)
    expect(event.code).toBe('rating.first')
    expect(event.reason).toContain('first accepted result on Column sums')
    expect(event.reason).not.toMatch(/faster than/)
    expect(event.params.percentile).toBeUndefined()
  })

  it('a field too small to mean it: no "faster than X%" (one other learner would make it 0% or 100%)', () => {
    for (let others = 1; others < MIN_FIELD_FOR_PERCENTILE; others++) {
      const event = game(others)
      expect(event.code).toBe('rating.played')
      expect(event.reason).not.toMatch(/faster than|%/)
      expect(event.params.percentile).toBeUndefined()
    }
  })

  it(`from ${MIN_FIELD_FOR_PERCENTILE} other learners on: "faster than X%"`, () => {
    const event = game(MIN_FIELD_FOR_PERCENTILE, 0.6)
    expect(event.code).toBe('rating.changed')
    expect(event.reason).toContain('faster than 60% on Column sums')
    expect(event.params.percentile).toBe(60)
  })
})
