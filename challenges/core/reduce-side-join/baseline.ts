// The lesson's starting point: the textbook reduce-side join. Each record crosses the shuffle whole,
// tagged with its dataset, keyed by user id; one reducer finds each user's record among the values
// and emits (country, amount) for each purchase; a second job sums per country. Correct; but every
// view and click crosses the shuffle, with every field, to a single reducer.
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
type Tagged = { tag: 'user'; user: User } | { tag: 'event'; event: Event }

export function map(record: User | Event, emit: (userId: number, tagged: Tagged) => void): void {
  if ('country' in record) emit(record.id, { tag: 'user', user: record })
  else emit(record.userId, { tag: 'event', event: record })
}

export function join(
  _userId: number,
  values: Tagged[],
  emit: (country: string, cents: number) => void,
): void {
  let user: User | undefined
  for (const value of values) if (value.tag === 'user') user = value.user
  if (!user) return
  for (const value of values) {
    if (value.tag === 'event' && value.event.type === 'purchase') emit(user.country, value.event.amountCents)
  }
}

export function byCountry(record: [string, number], emit: (country: string, cents: number) => void): void {
  emit(record[0], record[1])
}

export function sum(country: string, cents: number[], emit: (country: string, cents: number) => void): void {
  let total = 0
  for (const c of cents) total += c
  emit(country, total)
}

export async function solve(input: Store): Promise<[string, number][]> {
  const { output } = await mapreduce.chain<string, number>([
    { input: { file: input.file, records: 'json' }, reducers: 1, reduce: 'join' },
    { reducers: 1, map: 'byCountry', reduce: 'sum' },
  ])
  return output.flat().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
