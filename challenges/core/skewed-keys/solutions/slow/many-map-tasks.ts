// Cuts the views into the smallest splits the engine takes (4096 bytes, a few hundred map tasks) and
// moves work into them: a combiner drops each task's repeated visitors before the shuffle. When the
// clock charged only the slowest map task, that made the map phase nearly free (issue 14, class 4).
// Map tasks are charged as the cluster's 8 slots run them, so hundreds of tiny tasks cost their total
// over 8, each one's start included, and the home page still lands on one reducer: never gold.
import { mapreduce } from 'arena:mapreduce'

type View = [page: string, visitor: number]
interface Traffic {
  views: string
  reducers: number
}

const SMALLEST_SPLIT = 4096

export function map(view: View, emit: (page: string, visitor: number) => void): void {
  emit(view[0], view[1])
}

/** Each map task's distinct visitors per page: what crosses the shuffle is already de-duplicated. */
export function distinct(
  page: string,
  visitors: number[],
  emit: (page: string, visitor: number) => void,
): void {
  for (const visitor of new Set(visitors)) emit(page, visitor)
}

export function reduce(page: string, visitors: number[], emit: (page: string, count: number) => void): void {
  emit(page, new Set(visitors).size)
}

export async function solve(input: Traffic): Promise<[string, number][]> {
  const { output } = await mapreduce.run<string, number>({
    input: { file: input.views, records: 'json', splitBytes: SMALLEST_SPLIT },
    reducers: input.reducers,
    combine: 'distinct',
  })
  return output.flat().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
