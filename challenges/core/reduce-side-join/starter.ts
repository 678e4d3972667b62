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

/** Called once per record of any split, in a worker: users and events alike. */
export function map(record: User | Event, emit: (userId: number, cents: number) => void): void {
  // TODO: users too (a user record has a country), so that the reducer can join them.
  if (!('country' in record)) emit(record.userId, record.amountCents)
}

/** Called once per user id with everything emitted for it. */
export function reduce(userId: number, cents: number[], emit: (key: string, cents: number) => void): void {
  // TODO: the key must be the user's country, not the user id; unknown users count nowhere.
  emit(
    String(userId),
    cents.reduce((a, b) => a + b, 0),
  )
}

export async function solve(input: Store): Promise<[string, number][]> {
  // TODO: a second job (mapreduce.chain) that sums per country.
  const { output } = await mapreduce.run<string, number>({
    input: { file: input.file, records: 'json' },
    reducers: mapreduce.size,
  })
  return output.flat().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
