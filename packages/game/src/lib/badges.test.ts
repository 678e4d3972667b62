import { describe, expect, it } from 'vitest'
import { BADGES, badgeEvents, badgeStatuses } from './badges.ts'
import { CATALOG, DAY, fact, T0 } from './testFacts.ts'

const options = { timeZone: 'UTC', now: T0 + 100 * DAY }
const statusOf = (id: string, facts: ReturnType<typeof fact>[]) =>
  badgeStatuses(facts, CATALOG, options).find((status) => status.id === id)

describe('badges', () => {
  it('defines every badge as data with a unique id and both languages', () => {
    expect(new Set(BADGES.map((badge) => badge.id)).size).toBe(BADGES.length)
    for (const badge of BADGES) expect(badge.title_ko && badge.description_ko).toBeTruthy()
  })

  it('reports progress toward a count and the moment it was earned', () => {
    expect(statusOf('five-accepted', [fact({ challengeKey: 'core/sum', at: T0 })])).toMatchObject({
      earned: false,
      progress: 0.2,
      current: 1,
      target: 5,
    })
    const gold = fact({ challengeKey: 'core/sum', at: T0 + 5, tier: 'gold' })
    expect(
      statusOf('first-gold', [fact({ challengeKey: 'core/sum', at: T0, tier: 'silver' }), gold]),
    ).toMatchObject({
      earned: true,
      earnedAt: T0 + 5,
    })
  })

  it('earns the 3-day streak with 2 of 3 shown before', () => {
    const two = [fact({ challengeKey: 'core/sum', at: T0 }), fact({ challengeKey: 'core/sum', at: T0 + DAY })]
    expect(statusOf('streak-3', two)).toMatchObject({ earned: false, current: 2, target: 3 })
    const three = [...two, fact({ challengeKey: 'core/sum', at: T0 + 2 * DAY, verdict: 'WrongAnswer' })]
    expect(statusOf('streak-3', three)).toMatchObject({ earned: true, earnedAt: T0 + 2 * DAY })
  })

  it('earns a chapter when all its challenges are accepted, showing the closest chapter before', () => {
    const one = [fact({ challengeKey: 'core/sum', at: T0 })]
    expect(statusOf('chapter-complete', one)).toMatchObject({ earned: false, current: 1, target: 2 })
    const done = [...one, fact({ challengeKey: 'core/word-count', at: T0 + 1 })]
    expect(statusOf('chapter-complete', done)).toMatchObject({ earned: true, earnedAt: T0 + 1 })
  })

  it('reads the measures the report shows: out of core in at most 2 passes', () => {
    const threePasses = fact({ challengeKey: 'core/external-sort', at: T0, measures: { passes: 3 } })
    expect(statusOf('out-of-core', [threePasses])?.earned).toBe(false)
    const twoPasses = fact({ challengeKey: 'core/external-sort', at: T0 + 1, measures: { passes: 2 } })
    expect(statusOf('out-of-core', [threePasses, twoPasses])).toMatchObject({
      earned: true,
      earnedAt: T0 + 1,
    })
    // Without the input size the passes are unknown: not earned.
    const unknown = fact({ challengeKey: 'core/external-sort', at: T0, measures: {} })
    expect(statusOf('out-of-core', [unknown])?.earned).toBe(false)
  })

  it('shuffle less: at most the reference shuffle bytes, on an accepted result only', () => {
    const measures = { shuffleRatio: 0.9 }
    expect(
      statusOf('shuffle-less', [fact({ challengeKey: 'core/word-count', at: T0, measures })])?.earned,
    ).toBe(true)
    const rejected = fact({ challengeKey: 'core/word-count', at: T0, measures, verdict: 'WrongAnswer' })
    expect(statusOf('shuffle-less', [rejected])?.earned).toBe(false)
  })

  it('an unscored result (software GPU) earns no badge, not even a first acceptance', () => {
    const unscored = fact({ challengeKey: 'core/sum', at: T0, score: null, unscored: true })
    for (const id of ['first-accepted', 'chapter-complete', 'five-accepted'])
      expect(statusOf(id, [unscored])?.earned).toBe(false)
    const passes = fact({
      challengeKey: 'core/external-sort',
      at: T0,
      unscored: true,
      measures: { passes: 1 },
    })
    expect(statusOf('out-of-core', [passes])?.earned).toBe(false)
  })

  it('turns earned badges into events with their reason', () => {
    const events = badgeEvents(badgeStatuses([fact({ challengeKey: 'core/sum', at: T0 })], CATALOG, options))
    expect(events).toEqual([
      expect.objectContaining({ key: 'badge:first-accepted', at: T0, reason: 'Badge earned: Hello, data' }),
    ])
  })
})
