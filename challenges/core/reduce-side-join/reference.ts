// The Hadoop way to join a small table to a large log on the reduce side:
// - project and filter in the map: a user crosses as (id, country), an event only if it is a
//   purchase, as (userId, cents); views and clicks (95% of the log) never reach the shuffle;
// - the value's type is the tag: a string is the user's country, a number a purchase amount;
// - a combiner sums each map task's purchases per user before the shuffle (active users buy often);
// - the join reduce runs on every worker; a second job sums per country, combined too.
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
/** A user's country (string) or an amount of cents (number): the type tags the dataset. */
type Side = string | number

export function project(record: User | Event, emit: (userId: number, side: Side) => void): void {
  if ('country' in record) emit(record.id, record.country)
  else if (record.type === 'purchase') emit(record.userId, record.amountCents)
}

/** Sums a map task's amounts per user; passes a user's country through. */
export function sumAmounts(userId: number, sides: Side[], emit: (userId: number, side: Side) => void): void {
  let total = 0
  let amounts = 0
  for (const side of sides) {
    if (typeof side === 'string') emit(userId, side)
    else {
      total += side
      amounts++
    }
  }
  if (amounts > 0) emit(userId, total)
}

export function join(_userId: number, sides: Side[], emit: (country: string, cents: number) => void): void {
  let country: string | undefined
  let total = 0
  let amounts = 0
  for (const side of sides) {
    if (typeof side === 'string') country = side
    else {
      total += side
      amounts++
    }
  }
  if (country !== undefined && amounts > 0) emit(country, total)
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
  const workers = mapreduce.size
  const { output } = await mapreduce.chain<string, number>([
    {
      input: { file: input.file, records: 'json' },
      reducers: workers,
      map: 'project',
      combine: 'sumAmounts',
      reduce: 'join',
    },
    { reducers: workers, map: 'byCountry', combine: 'sum', reduce: 'sum' },
  ])
  return output.flat().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
