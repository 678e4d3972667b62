import { mapreduce } from 'arena:mapreduce'

type View = [page: string, visitor: number]
interface Traffic {
  /** A file only the engine reads: one view per line, as JSON (`records: 'json'` gives each as a View). */
  views: string
  /** The cluster's reduce slots (8): more reducers than this queue for them. */
  reducers: number
}

/** Called once per view, in a worker. */
export function map(view: View, emit: (page: string, visitor: number) => void): void {
  emit(view[0], view[1])
}

/** Called once per page with every visitor id emitted for it. */
export function reduce(page: string, visitors: number[], emit: (page: string, count: number) => void): void {
  // TODO: count distinct visitors, not views.
  emit(page, visitors.length)
}

export async function solve(input: Traffic): Promise<[string, number][]> {
  // TODO: 60% of the views are of one page; its reducer is the slowest. Salt the key (and chain a
  // second job that adds the partial counts), and a partitioner can place the slices.
  const { output } = await mapreduce.run<string, number>({
    input: { file: input.views, records: 'json' },
    reducers: input.reducers,
  })
  return output.flat().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
