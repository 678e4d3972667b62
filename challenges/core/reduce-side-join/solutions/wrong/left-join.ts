// @expect WrongAnswer
// An outer join: purchases of users that no longer exist are counted under "unknown". The statement
// asks for an inner join: an event without its user counts nowhere.
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

export function join(
  _userId: number,
  sides: (string | number)[],
  emit: (country: string, cents: number) => void,
): void {
  let country = 'unknown'
  let total = 0
  let amounts = 0
  for (const side of sides) {
    if (typeof side === 'string') country = side
    else {
      total += side
      amounts++
    }
  }
  if (amounts > 0) emit(country, total)
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
    { input: { file: input.file, records: 'json' }, reducers: 2, map: 'project', reduce: 'join' },
    { reducers: 2, map: 'byCountry', reduce: 'sum' },
  ])
  return output.flat().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
