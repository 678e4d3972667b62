import { describe, expect, it } from 'vitest'
import { deriveSeed, geometricMean, median, medianInterval } from './stats.ts'

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
  })
})

describe('medianInterval', () => {
  it('is the whole range when there are too few values for a 95% interval', () => {
    expect(medianInterval([5, 1, 3])).toEqual([1, 5])
  })

  it('uses order statistics: for n = 11 the 2nd smallest and 2nd largest', () => {
    const values = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5, 11]
    expect(medianInterval(values)).toEqual([2, 10])
  })

  it('narrows as rounds are added', () => {
    const few = Array.from({ length: 9 }, (_, i) => 1 + (i - 4) / 100)
    const many = Array.from({ length: 41 }, (_, i) => 1 + (i - 20) / 400)
    const width = ([low, high]: [number, number]) => high - low
    expect(width(medianInterval(many))).toBeLessThan(width(medianInterval(few)))
  })
})

describe('geometricMean', () => {
  it('averages ratios symmetrically: 2x faster and 2x slower cancel out', () => {
    expect(geometricMean([2, 0.5])).toBeCloseTo(1)
  })
})

describe('deriveSeed', () => {
  it('is deterministic and differs per round and per secret', () => {
    expect(deriveSeed(7, 'large', 1)).toBe(deriveSeed(7, 'large', 1))
    expect(deriveSeed(7, 'large', 1)).not.toBe(deriveSeed(7, 'large', 2))
    expect(deriveSeed(7, 'large', 1)).not.toBe(deriveSeed(8, 'large', 1))
  })
})
