// @expect WrongAnswer
// Salts with a random number, as one would to spread a sum: but the same visitor's views then land in
// different slices, each slice counts them once, and the partial counts add up to more than the
// distinct visitors (by a different amount on every run). A distinct count must salt by the value.
import { mapreduce } from 'arena:mapreduce'

type View = [page: string, visitor: number]
interface Traffic {
  /** A file only the engine reads: one view per line, as JSON (`records: 'json'` gives each as a View). */
  views: string
  /** The cluster's reduce slots (8): more reducers than this queue for them. */
  reducers: number
}

export function saltedMap(view: View, emit: (slice: [string, number], visitor: number) => void): void {
  emit([view[0], Math.floor(Math.random() * 8)], view[1])
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
      reduce: 'countSlice',
    },
    { reducers: input.reducers, map: 'pass', reduce: 'sum' },
  ])
  return output.flat().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
