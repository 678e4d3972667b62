// @expect WrongAnswer
// Tries a map-side join: remembers the users it maps in a module-level table and looks each purchase
// up there. But every worker isolate has its own copy of the module, and the users' split runs on one
// worker while the events' splits run on both (at the same time): purchases mapped elsewhere, or
// before the users, find no country. What it finds changes from run to run.
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

const countries = new Map<number, string>()

export function lookup(record: User | Event, emit: (country: string, cents: number) => void): void {
  if ('country' in record) {
    countries.set(record.id, record.country)
    return
  }
  const country = countries.get(record.userId)
  if (country !== undefined && record.type === 'purchase') emit(country, record.amountCents)
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
  const { output } = await mapreduce.run<string, number>({
    input: { file: input.file, records: 'json' },
    reducers: 2,
    map: 'lookup',
    reduce: 'sum',
  })
  return output.flat().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
