import { describe, expect, it } from 'vitest'
import { startOfLocalDay, startOfLocalWeek } from './week.ts'

describe('weeks', () => {
  it('starts on Monday 00:00 in the learner time zone', () => {
    // Wednesday 2026-05-06 10:00 UTC = 19:00 in Seoul.
    const now = Date.parse('2026-05-06T10:00:00Z')
    expect(new Date(startOfLocalWeek(now, 'Asia/Seoul')).toISOString()).toBe('2026-05-03T15:00:00.000Z')
    expect(new Date(startOfLocalWeek(now, 'UTC')).toISOString()).toBe('2026-05-04T00:00:00.000Z')
  })

  it('finds local midnight on a DST day', () => {
    expect(new Date(startOfLocalDay('2026-03-08', 'America/New_York')).toISOString()).toBe(
      '2026-03-08T05:00:00.000Z',
    )
    expect(new Date(startOfLocalDay('2026-03-09', 'America/New_York')).toISOString()).toBe(
      '2026-03-09T04:00:00.000Z',
    )
  })
})
