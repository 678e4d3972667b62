// @expect WrongAnswer
// Adds a combiner that turns each map task's visitors of a page into their distinct count, then sums
// the counts in the reducer: a visitor seen by two map tasks is counted twice. Distinct counts of
// overlapping sets do not add up; only disjoint slices (salted by the visitor) do.
import { mapreduce } from 'arena:mapreduce'

type View = [page: string, visitor: number]
interface Traffic {
  /** A file only the engine reads: one view per line, as JSON (`records: 'json'` gives each as a View). */
  views: string
  /** The cluster's reduce slots (8): more reducers than this queue for them. */
  reducers: number
}

export function map(view: View, emit: (page: string, visitor: number) => void): void {
  emit(view[0], view[1])
}

export function distinct(
  page: string,
  visitors: number[],
  emit: (page: string, count: number) => void,
): void {
  emit(page, new Set(visitors).size)
}

export function sum(page: string, counts: number[], emit: (page: string, count: number) => void): void {
  emit(
    page,
    counts.reduce((a, b) => a + b, 0),
  )
}

export async function solve(input: Traffic): Promise<[string, number][]> {
  const { output } = await mapreduce.run<string, number>({
    // Small splits: many map tasks, so a page's visitors are spread over several combiners.
    input: { file: input.views, records: 'json', splitBytes: 4096 },
    reducers: input.reducers,
    combine: 'distinct',
    reduce: 'sum',
  })
  return output.flat().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
