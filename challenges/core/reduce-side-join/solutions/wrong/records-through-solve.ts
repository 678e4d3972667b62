// @expect MemoryLimit
// @skips-lesson
// Uses the engine only as a pipe: an identity job hands every record back to solve, which joins them
// with plain Maps. Correct on small stores, but the largest export is bigger than the isolate's memory,
// so the job's output cannot come back (MemoryLimit): only a join in the tasks scales (issue 14, class 8).
import { mapreduce } from 'arena:mapreduce'

interface Store {
  file: string
  bytes: number
}
type Row = { id: number; country: string } | { userId: number; type: string; amountCents: number }

/** Numbers the records this worker saw, so each record is a key of its own (no giant group). */
let seen = 0

export function map(row: Row, emit: (id: number, row: Row) => void): void {
  emit(seen++, row)
}

export function reduce(id: number, rows: Row[], emit: (id: number, row: Row) => void): void {
  for (const row of rows) emit(id, row)
}

export async function solve(input: Store): Promise<[string, number][]> {
  const { output } = await mapreduce.run<number, Row>({
    input: { file: input.file, records: 'json' },
    reducers: 2,
  })
  const country = new Map<number, string>()
  const spent = new Map<number, number>()
  for (const [, row] of output.flat()) {
    if ('country' in row) country.set(row.id, row.country)
    else if (row.type === 'purchase') spent.set(row.userId, (spent.get(row.userId) ?? 0) + row.amountCents)
  }
  const totals = new Map<string, number>()
  for (const [userId, cents] of spent) {
    const where = country.get(userId)
    if (where !== undefined) totals.set(where, (totals.get(where) ?? 0) + cents)
  }
  return [...totals].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
