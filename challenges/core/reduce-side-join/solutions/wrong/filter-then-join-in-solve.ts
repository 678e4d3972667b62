// @expect MemoryLimit
// @skips-lesson
// Filters in the map (users as (id, country), purchases only) and joins in solve: the job hands every
// user's country and every purchase back, and solve joins them in a Map. Fast on stores with few
// users, but a store of mostly dormant accounts has a user table larger than the isolate's memory:
// its countries cannot all come back (MemoryLimit). Only the join in the reducers scales (issue 14,
// class 8).
import { mapreduce } from 'arena:mapreduce'

interface Store {
  file: string
  bytes: number
}
type Row = { id: number; country: string } | { userId: number; type: string; amountCents: number }

export function project(record: Row, emit: (userId: number, side: string | number) => void): void {
  if ('country' in record) emit(record.id, record.country)
  else if (record.type === 'purchase') emit(record.userId, record.amountCents)
}

export function pass(
  userId: number,
  sides: (string | number)[],
  emit: (userId: number, side: string | number) => void,
): void {
  for (const side of sides) emit(userId, side)
}

export async function solve(input: Store): Promise<[string, number][]> {
  const { output } = await mapreduce.run<number, string | number>({
    input: { file: input.file, records: 'json' },
    reducers: mapreduce.size,
    map: 'project',
    reduce: 'pass',
  })
  const country = new Map<number, string>()
  const spent = new Map<number, number>()
  for (const [userId, side] of output.flat()) {
    if (typeof side === 'string') country.set(userId, side)
    else spent.set(userId, (spent.get(userId) ?? 0) + side)
  }
  const totals = new Map<string, number>()
  for (const [userId, cents] of spent) {
    const where = country.get(userId)
    if (where !== undefined) totals.set(where, (totals.get(where) ?? 0) + cents)
  }
  return [...totals].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
