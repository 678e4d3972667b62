// The lesson's starting point: key by page, default hash partitioner, one reduce call per page that
// collects its visitors in a set. Correct; but 60% of the views are of the home page, and its
// reducer does two thirds of all the work while the other seven wait.
import { mapreduce } from 'arena:mapreduce'

type View = [page: string, visitor: number]
interface Traffic {
  views: View[]
  reducers: number
}

export function map(view: View, emit: (page: string, visitor: number) => void): void {
  emit(view[0], view[1])
}

export function reduce(page: string, visitors: number[], emit: (page: string, count: number) => void): void {
  emit(page, new Set(visitors).size)
}

export async function solve(input: Traffic): Promise<[string, number][]> {
  const splits: View[][] = []
  const per = Math.max(1, Math.ceil(input.views.length / (2 * mapreduce.size)))
  for (let i = 0; i < input.views.length; i += per) splits.push(input.views.slice(i, i + per))
  const { output } = await mapreduce.run<string, number>({ input: splits, reducers: input.reducers })
  return output.flat().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
