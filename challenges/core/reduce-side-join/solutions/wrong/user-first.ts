// @expect RuntimeError
// Assumes the user's record is the first value of its group. Values keep their map tasks' order, and
// a user's line is anywhere in the export, often after their events: values[0] is then an event, its
// `country` is undefined, and the emit with an undefined key fails at this line.
import { mapreduce } from 'arena:mapreduce'

interface User {
  id: number
  name: string
  email: string
  country: string
  plan: 'free' | 'pro' | 'team'
  signupDay: number
}
interface Event {
  userId: number
  type: 'view' | 'click' | 'purchase'
  amountCents: number
  day: number
  page: string
  device: 'desktop' | 'mobile' | 'tablet'
}
/** The store's export: a file only the engine reads, one JSON user or event per line, in no order. */
interface Store {
  file: string
  bytes: number
}
type Tagged = { tag: 'user'; country: string } | { tag: 'event'; cents: number }

export function map(record: User | Event, emit: (userId: number, tagged: Tagged) => void): void {
  if ('country' in record) emit(record.id, { tag: 'user', country: record.country })
  else if (record.type === 'purchase') emit(record.userId, { tag: 'event', cents: record.amountCents })
}

export function join(
  _userId: number,
  values: Tagged[],
  emit: (country: string, cents: number) => void,
): void {
  const first = values[0] as { country: string }
  for (const value of values.slice(1)) if (value.tag === 'event') emit(first.country, value.cents)
}

export function byCountry(record: [string, number], emit: (country: string, cents: number) => void): void {
  emit(record[0], record[1])
}

export function sum(country: string, cents: number[], emit: (country: string, cents: number) => void): void {
  emit(
    country,
    cents.reduce((a, b) => a + b, 0),
  )
}

export async function solve(input: Store): Promise<[string, number][]> {
  const { output } = await mapreduce.chain<string, number>([
    { input: { file: input.file, records: 'json' }, reducers: 2, reduce: 'join' },
    { reducers: 2, map: 'byCountry', reduce: 'sum' },
  ])
  return output.flat().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
