// Daily streaks on the learner's calendar: a day is a date in their IANA time zone, so a submission
// at 23:30 in Seoul counts for that Seoul date, and DST changes the length of a day, never the count.

/** Active days in a row that earn one streak freeze. */
export const FREEZE_EVERY_DAYS = 7
/** Freezes a learner can hold at once. */
export const MAX_FREEZES = 2

const formatters = new Map<string, Intl.DateTimeFormat>()

/** `YYYY-MM-DD` of an instant in a time zone (throws RangeError on an unknown zone). */
export function localDay(at: number, timeZone: string): string {
  let format = formatters.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    formatters.set(timeZone, format)
  }
  return format.format(at)
}

/** Calendar days from `a` to `b` (both `YYYY-MM-DD`), independent of time zones and DST. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000)
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    localDay(0, timeZone)
    return true
  } catch {
    return false
  }
}

export interface Streak {
  /** Days in the current streak (0 when broken); days bridged by a freeze do not count. */
  current: number
  longest: number
  /** Freezes held now. */
  freezes: number
  /** Days a freeze was spent on. */
  frozenDays: string[]
  activeToday: boolean
  /** The last active day, `YYYY-MM-DD`, or null. */
  lastDay: string | null
}

/**
 * The streak over activity instants (any graded submission) as of `now`. Every FREEZE_EVERY_DAYS active
 * days of a streak earn a freeze (at most MAX_FREEZES held); a gap of missed days is bridged when the
 * learner holds a freeze for each missed day, which spends them. A streak is still alive when the last
 * active day is today or yesterday (today is not over yet).
 */
export function streakOf(activity: number[], timeZone: string, now: number): Streak {
  const days = [...new Set(activity.map((at) => localDay(at, timeZone)))].sort()
  let current = 0
  let longest = 0
  let freezes = 0
  let sinceFreeze = 0
  const frozenDays: string[] = []
  let previous: string | null = null
  const bridge = (from: string, gap: number) => {
    // `gap` missed days after `from`: spend a freeze on each, or break the streak.
    if (gap <= freezes) {
      freezes -= gap
      for (let i = 1; i <= gap; i++) frozenDays.push(shiftDay(from, i))
      return true
    }
    return false
  }
  for (const day of days) {
    if (previous !== null) {
      const gap = daysBetween(previous, day) - 1
      if (gap > 0 && !bridge(previous, gap)) {
        current = 0
        sinceFreeze = 0
      }
    }
    current++
    sinceFreeze++
    if (sinceFreeze === FREEZE_EVERY_DAYS) {
      sinceFreeze = 0
      freezes = Math.min(MAX_FREEZES, freezes + 1)
    }
    longest = Math.max(longest, current)
    previous = day
  }
  const today = localDay(now, timeZone)
  if (previous !== null) {
    // Days missed up to yesterday: today may still come.
    const gap = daysBetween(previous, today) - 1
    if (gap > 0 && !bridge(previous, gap)) current = 0
  }
  return { current, longest, freezes, frozenDays, activeToday: previous === today, lastDay: previous }
}

export function shiftDay(day: string, by: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + by * 86_400_000).toISOString().slice(0, 10)
}
