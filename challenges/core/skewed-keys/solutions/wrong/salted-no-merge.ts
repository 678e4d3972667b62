// @expect WrongAnswer
// Salts the key and counts each slice, but returns the first job's output: the home page comes out
// once per slice, each with a partial count.
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

export function countSlice(
  slice: [string, number],
  visitors: number[],
  emit: (page: string, count: number) => void,
): void {
  emit(slice[0], new Set(visitors).size)
}

export async function solve(input: Traffic): Promise<[string, number][]> {
  const { output } = await mapreduce.run<string, number>({
    input: { file: input.views, records: 'json' },
    reducers: input.reducers,
    map: 'saltedMap',
    reduce: 'countSlice',
  })
  return output.flat().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
