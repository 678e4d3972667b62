// The decision rule of the performance trial on synthetic round samples (issue 16.4, 17.4).
import { describe, expect, it } from 'vitest'
import {
  caseSettled,
  crossedLine,
  decideTier,
  estimateCase,
  GOLD_AT,
  headlineOf,
  NOISY_SPREAD,
} from './tierDecision.ts'

describe('tier decided by the interval', () => {
  it('keeps the point tier when the interval crosses no line', () => {
    expect(decideTier({ ratio: 1.02, interval: [0.98, 1.06] })).toEqual({
      tier: 'gold',
      withinNoise: false,
      noisy: false,
    })
    expect(decideTier({ ratio: 0.7, interval: [0.6, 0.8] }).tier).toBe('silver')
  })

  it('awards the tier the upper end reaches when the interval straddles a line, and says so', () => {
    const decision = decideTier({ ratio: 0.93, interval: [0.9, 0.97] })
    expect(decision.tier).toBe('gold')
    expect(decision.withinNoise).toBe(true)
    expect(decision.noisy).toBe(false)
    expect(decision.note).toContain('gold within the measurement noise')
    expect(decideTier({ ratio: 0.45, interval: [0.42, 0.52] }).tier).toBe('silver')
  })

  it('marks an interval that crosses a line and is wider than the noisy threshold as noisy', () => {
    const wide = 1 + NOISY_SPREAD * 2
    const decision = decideTier({ ratio: 1, interval: [1 / wide, wide] })
    expect(decision).toMatchObject({ tier: 'gold', withinNoise: true, noisy: true })
    // As wide, but crossing no line: the tier is certain, the measurement usable.
    expect(decideTier({ ratio: 3, interval: [1.5, 6] })).toMatchObject({ tier: 'gold', noisy: false })
  })

  it('reads a noisy score no higher than a usable spread above its point: a 2x-slower solution is not gold', () => {
    // On a busy machine a 2x-slower solution's interval reached the gold line (tiers bench).
    const twiceAsSlow = decideTier({ ratio: 0.47, interval: [0.33, 0.99] })
    expect(twiceAsSlow).toMatchObject({ tier: 'silver', withinNoise: true, noisy: true })
    expect(twiceAsSlow.note).toContain('no higher than 0.54x')
    // The reference against itself, as noisy: its point is within a usable spread of the gold line.
    expect(decideTier({ ratio: 0.9, interval: [0.6, 1.4] })).toMatchObject({ tier: 'gold', noisy: true })
    expect(decideTier({ ratio: 0.8, interval: [0.6, 1.4] }).tier).toBe('silver')
    // A narrow interval is read up to its upper end, as before.
    expect(decideTier({ ratio: 0.9, interval: [0.85, 0.96] }).tier).toBe('gold')
  })

  it('never gives gold to a 2x-slower solution whose interval stays below the gold line', () => {
    expect(decideTier({ ratio: 0.5, interval: [0.4, 0.62] }).tier).toBe('silver')
    expect(crossedLine([0.4, 0.62])).toBe(0.5)
    expect(crossedLine([0.96, 1.2])).toBeUndefined()
    expect(crossedLine([0.9, GOLD_AT])).toBe(GOLD_AT)
  })

  it('forms the headline interval from the capped interval ends of the cases', () => {
    const headline = headlineOf([
      { ratio: 1, interval: [0.5, 2] },
      { ratio: 100, interval: [50, 200] },
    ])
    expect(headline.ratio).toBeCloseTo(Math.sqrt(10))
    expect(headline.interval[0]).toBeCloseTo(Math.sqrt(5))
    expect(headline.interval[1]).toBeCloseTo(Math.sqrt(20))
  })
})

describe('when a case may stop adding rounds', () => {
  it('waits for the minimum rounds', () => {
    expect(caseSettled([5, 5], 3, 0.02)).toBeUndefined()
  })

  it('stops early far from every tier line, though the interval is wide (a slow baseline)', () => {
    expect(caseSettled([0.1, 0.2, 0.15, 0.12, 0.18], 5, 0.02)).toBe('decided')
  })

  it('stops when precise, even at a line', () => {
    expect(caseSettled([0.95, 0.951, 0.949, 0.95, 0.95], 5, 0.02)).toBe('precise')
  })

  it('goes on while a wide interval crosses a line (reference against itself on a noisy machine)', () => {
    const samples = [0.9, 1.1, 0.93, 1.05, 1.0]
    expect(estimateCase(samples).interval).toEqual([0.9, 1.1])
    expect(caseSettled(samples, 5, 0.02)).toBeUndefined()
  })
})
