// The lesson's starting point: key by page, default hash partitioner, one reduce call per page that
// collects its visitors in a set. Correct; but 60% of the views are of the home page, and its
// reducer does two thirds of all the work while the other seven wait.
import { mapreduce } from 'arena:mapreduce'

/**
 * 256 KiB splits: a few dozen map tasks that fill the 8 slots evenly (the map phase is charged as the
 * slots run it; the default 1 MiB block leaves 9 tasks on 8 slots, the last one alone). Much smaller
 * splits only add each task's start to the clock.
 */
const SPLIT_BYTES = 256 * 1024

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

export function reduce(page: string, visitors: number[], emit: (page: string, count: number) => void): void {
  emit(page, new Set(visitors).size)
}

export async function solve(input: Traffic): Promise<[string, number][]> {
  const { output } = await mapreduce.run<string, number>({
    input: { file: input.views, records: 'json', splitBytes: SPLIT_BYTES },
    reducers: input.reducers,
  })
  return output.flat().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
