import { localDay, shiftDay } from './streak.ts'

/** The instant a local calendar day starts in a time zone (DST-aware: found, not assumed). */
export function startOfLocalDay(day: string, timeZone: string): number {
  // Guess midnight UTC, then correct by the zone's offset at the guess; twice covers a DST edge.
  let guess = Date.parse(`${day}T00:00:00Z`)
  for (let i = 0; i < 3; i++) {
    const offset = offsetAt(guess, timeZone)
    const next = Date.parse(`${day}T00:00:00Z`) - offset
    if (next === guess) break
    guess = next
  }
  return guess
}

function offsetAt(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at)
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value)
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return local - Math.floor(at / 1000) * 1000
}

/** When "this week" began for a learner: Monday 00:00 in their time zone. */
export function startOfLocalWeek(now: number, timeZone: string): number {
  const today = localDay(now, timeZone)
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7 // Monday 0
  return startOfLocalDay(shiftDay(today, -weekday), timeZone)
}
