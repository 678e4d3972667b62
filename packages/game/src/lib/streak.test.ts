import { describe, expect, it } from 'vitest'
import { daysBetween, FREEZE_EVERY_DAYS, localDay, MAX_FREEZES, streakOf } from './streak.ts'
import { DAY } from './testFacts.ts'

const at = (iso: string) => Date.parse(iso)

describe('streaks', () => {
  it('counts days on the learner calendar, not UTC', () => {
    // 23:30 and 00:30 the next day in Seoul are both 14:30/15:30 UTC of one UTC day.
    const late = at('2026-05-01T14:30:00Z') // 23:30 KST, May 1
    const early = at('2026-05-01T15:30:00Z') // 00:30 KST, May 2
    expect(streakOf([late, early], 'Asia/Seoul', early).current).toBe(2)
    expect(streakOf([late, early], 'UTC', early).current).toBe(1)
    // In Los Angeles the same instants are one afternoon.
    expect(localDay(late, 'America/Los_Angeles')).toBe('2026-05-01')
  })

  it('keeps a streak across a DST change (a 23-hour and a 25-hour day)', () => {
    // US DST starts 2026-03-08 and ends 2026-11-01.
    const spring = ['2026-03-07T23:30:00-05:00', '2026-03-08T23:30:00-04:00', '2026-03-09T00:10:00-04:00']
    const s = streakOf(spring.map(at), 'America/New_York', at('2026-03-09T12:00:00-04:00'))
    expect(s.current).toBe(3)
    const fall = ['2026-10-31T23:50:00-04:00', '2026-11-01T23:50:00-05:00', '2026-11-02T00:05:00-05:00']
    expect(streakOf(fall.map(at), 'America/New_York', at('2026-11-02T10:00:00-05:00')).current).toBe(3)
    expect(daysBetween('2026-03-07', '2026-03-09')).toBe(2)
  })

  it('is alive until the end of the day after the last active day, then breaks', () => {
    const start = at('2026-06-01T10:00:00Z')
    const activity = [start, start + DAY, start + 2 * DAY]
    expect(streakOf(activity, 'UTC', start + 2 * DAY).activeToday).toBe(true)
    expect(streakOf(activity, 'UTC', start + 3 * DAY).current).toBe(3)
    expect(streakOf(activity, 'UTC', start + 4 * DAY).current).toBe(0)
    expect(streakOf(activity, 'UTC', start + 4 * DAY).longest).toBe(3)
    expect(streakOf([], 'UTC', start)).toMatchObject({ current: 0, longest: 0, lastDay: null })
  })

  it('earns a freeze every 7 active days and spends it on a missed day', () => {
    const start = at('2026-06-01T10:00:00Z')
    const week = Array.from({ length: FREEZE_EVERY_DAYS }, (_, i) => start + i * DAY)
    expect(streakOf(week, 'UTC', week[6] as number).freezes).toBe(1)
    // One day missed, then active again: bridged by the freeze.
    const after = [...week, start + 8 * DAY]
    const bridged = streakOf(after, 'UTC', start + 8 * DAY)
    expect(bridged).toMatchObject({ current: 8, freezes: 0, frozenDays: ['2026-06-08'] })
    // Two days missed with one freeze: broken.
    const broken = streakOf([...week, start + 9 * DAY], 'UTC', start + 9 * DAY)
    expect(broken.current).toBe(1)
  })

  it('holds at most MAX_FREEZES freezes', () => {
    const start = at('2026-06-01T10:00:00Z')
    const days = Array.from({ length: 5 * FREEZE_EVERY_DAYS }, (_, i) => start + i * DAY)
    expect(streakOf(days, 'UTC', days.at(-1) as number).freezes).toBe(MAX_FREEZES)
  })

  it('rejects an unknown time zone', () => {
    expect(() => localDay(0, 'Mars/Olympus')).toThrow(RangeError)
  })
})
