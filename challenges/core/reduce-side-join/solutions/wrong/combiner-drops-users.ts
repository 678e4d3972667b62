// @expect WrongAnswer
// A combiner that sums a map task's values per user, and so drops the user's country (a string is
// not an amount): no group reaches the reducer with a country, and nothing is joined. A combiner's
// output must still be what the reducer expects, for every kind of record.
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

export function project(record: User | Event, emit: (userId: number, side: string | number) => void): void {
  if ('country' in record) emit(record.id, record.country)
  else if (record.type === 'purchase') emit(record.userId, record.amountCents)
}

export function sumNumbers(
  userId: number,
  sides: (string | number)[],
  emit: (userId: number, cents: number) => void,
): void {
  let total = 0
  for (const side of sides) if (typeof side === 'number') total += side
  emit(userId, total)
}

export function join(
  _userId: number,
  sides: (string | number)[],
  emit: (country: string, cents: number) => void,
): void {
  let country: string | undefined
  let total = 0
  for (const side of sides) {
    if (typeof side === 'string') country = side
    else total += side
  }
  if (country !== undefined && total > 0) emit(country, total)
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
    {
      input: { file: input.file, records: 'json' },
      reducers: 2,
      map: 'project',
      combine: 'sumNumbers',
      reduce: 'join',
    },
    { reducers: 2, map: 'byCountry', reduce: 'sum' },
  ])
  return output.flat().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
