// @expect RuntimeError
// A partitioner that places slice s of a page at hash(page) + s but forgets the modulo: it returns
// reducer numbers past the last reducer, and the engine says which key it was.
import { mapreduce } from 'arena:mapreduce'

type View = [page: string, visitor: number]
interface Traffic {
  /** A file only the engine reads: one view per line, as JSON (`records: 'json'` gives each as a View). */
  views: string
  /** The cluster's reduce slots (8): more reducers than this queue for them. */
  reducers: number
}

export function saltedMap(view: View, emit: (slice: [string, number], visitor: number) => void): void {
  emit([view[0], view[1] % 8], view[1])
}

export function spread(slice: [string, number], reducers: number): number {
  return (slice[0].length % reducers) + slice[1]
}

export function countSlice(
  slice: [string, number],
  visitors: number[],
  emit: (page: string, count: number) => void,
): void {
  emit(slice[0], new Set(visitors).size)
}

export function pass(record: [string, number], emit: (page: string, count: number) => void): void {
  emit(record[0], record[1])
}

export function sum(page: string, counts: number[], emit: (page: string, count: number) => void): void {
  emit(
    page,
    counts.reduce((a, b) => a + b, 0),
  )
}

export async function solve(input: Traffic): Promise<[string, number][]> {
  const { output } = await mapreduce.chain<string, number>([
    {
      input: { file: input.views, records: 'json' },
      reducers: input.reducers,
      map: 'saltedMap',
      partition: 'spread',
      reduce: 'countSlice',
    },
    { reducers: input.reducers, map: 'pass', reduce: 'sum' },
  ])
  return output.flat().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
