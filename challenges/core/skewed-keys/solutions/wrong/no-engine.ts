// @expect WrongAnswer
// @skips-lesson
// Skips the engine: counts distinct visitors with plain Maps in solve. The views are a file that only
// the engine's map tasks read, so solve has nothing to count; the lesson cannot be skipped, and work
// done in solve is on the clock anyway (criticalPathNs holds the call's own CPU time; issue 14).
type View = [page: string, visitor: number]
interface Traffic {
  views: string
  reducers: number
}

export async function solve(input: Traffic): Promise<[string, number][]> {
  const visitors = new Map<string, Set<number>>()
  // The old input shape handed solve the views; now there are none to read.
  const views = (input as unknown as { views: View[] | string }).views
  for (const [page, visitor] of Array.isArray(views) ? views : []) {
    const set = visitors.get(page) ?? new Set<number>()
    visitors.set(page, set.add(visitor))
  }
  return [...visitors]
    .map(([page, set]): [string, number] => [page, set.size])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
