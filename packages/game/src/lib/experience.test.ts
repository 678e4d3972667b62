import { describe, expect, it } from 'vitest'
import { experienceEvents, totalXp } from './experience.ts'
import { CATALOG, fact, T0 } from './testFacts.ts'

const catalog = new Map(CATALOG.map((challenge) => [challenge.key, challenge]))

describe('experience', () => {
  it('gives the base XP once for the first acceptance, by difficulty or the pack xp', () => {
    const events = experienceEvents(
      [
        fact({ challengeKey: 'core/sum', at: T0 }),
        fact({ challengeKey: 'core/transpose', at: T0 + 1 }),
        fact({ challengeKey: 'core/external-sort', at: T0 + 2 }),
      ],
      catalog,
    )
    expect(events.map((event) => [event.key, event.amount])).toEqual([
      ['xp:accept:core/sum', 20],
      ['xp:accept:core/transpose', 40],
      ['xp:accept:core/external-sort', 80],
    ])
  })

  it('does not farm: resubmitting the same result gives nothing more', () => {
    const once = experienceEvents([fact({ challengeKey: 'core/sum', at: T0, tier: 'silver' })], catalog)
    const many = experienceEvents(
      Array.from({ length: 20 }, (_, i) => fact({ challengeKey: 'core/sum', at: T0 + i, tier: 'silver' })),
      catalog,
    )
    expect(totalXp(many)).toBe(totalXp(once))
    expect(totalXp(once)).toBe(20 + 5 + 10)
  })

  it('gives each tier bonus the first time it is reached, with its reason', () => {
    const events = experienceEvents(
      [
        fact({ challengeKey: 'core/external-sort', at: T0, tier: 'bronze' }),
        fact({ challengeKey: 'core/external-sort', at: T0 + 1, tier: 'bronze' }),
        fact({ challengeKey: 'core/external-sort', at: T0 + 2, tier: 'gold' }),
        fact({ challengeKey: 'core/external-sort', at: T0 + 3, tier: 'silver' }),
      ],
      catalog,
    )
    expect(events.map((event) => event.reason)).toEqual([
      '+80 XP: first acceptance on External sort',
      '+20 XP: first bronze on External sort',
      '+40 XP: first silver on External sort',
      '+80 XP: first gold on External sort',
    ])
    // The same total as reaching gold at once: only the best tier matters.
    const direct = experienceEvents(
      [fact({ challengeKey: 'core/external-sort', at: T0, tier: 'gold' })],
      catalog,
    )
    expect(totalXp(direct)).toBe(totalXp(events))
  })

  it('ignores runs of the samples, rejected results and unknown challenges', () => {
    const events = experienceEvents(
      [
        fact({ challengeKey: 'core/sum', at: T0, mode: 'samples' }),
        fact({ challengeKey: 'core/sum', at: T0, verdict: 'WrongAnswer' }),
        fact({ challengeKey: 'other/none', at: T0 }),
      ],
      catalog,
    )
    expect(events).toEqual([])
  })

  it('orders by time, whatever the input order', () => {
    const late = fact({ challengeKey: 'core/sum', at: T0 + 10, tier: 'gold' })
    const early = fact({ challengeKey: 'core/sum', at: T0 })
    const events = experienceEvents([late, early], catalog)
    expect(events[0]?.submissionId).toBe(early.submissionId)
  })

  it('grows with the tier: none < bronze < silver < gold', () => {
    const totals = [null, 'bronze', 'silver', 'gold'].map((tier) =>
      totalXp(
        experienceEvents(
          [fact({ challengeKey: 'core/sum', at: T0, tier: tier as 'bronze' | 'silver' | 'gold' | null })],
          catalog,
        ),
      ),
    )
    for (let i = 1; i < totals.length; i++) expect(totals[i]).toBeGreaterThan(totals[i - 1] as number)
  })

  it('an unscored result (timed on a software GPU) gives the acceptance XP and no tier XP', () => {
    // A tier on an unscored fact cannot come from the grader; should one appear, it still earns nothing.
    const unscored = fact({ challengeKey: 'core/sum', at: T0, score: null, tier: 'gold', unscored: true })
    expect(experienceEvents([unscored], catalog).map((event) => event.code)).toEqual(['xp.accepted'])
  })
})
