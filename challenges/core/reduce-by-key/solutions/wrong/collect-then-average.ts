// @expect RuntimeError
// @skips-lesson
// Uses the engine only to parse: collects every [page, ms] pair into solve and averages with a plain
// Map there. Correct on small logs, but the largest log does not fit the main isolate's memory, and
// collect refuses a result past a quarter of it: the counting has to happen in the tasks.
import { dataset } from 'arena:dataset'

interface AccessLog {
  file: string
  bytes: number
}

export async function solve(input: AccessLog): Promise<[string, number, number][]> {
  const pairs = await dataset
    .read(input.file)
    .map((line): [string, number] => {
      const fields = line.split(',')
      return [fields[1]!, Number(fields[3])]
    })
    .collect()
  const stats = new Map<string, [number, number]>()
  for (const [page, ms] of pairs) {
    const s = stats.get(page) ?? [0, 0]
    stats.set(page, [s[0] + 1, s[1] + ms])
  }
  return [...stats]
    .map(([page, [n, total]]): [string, number, number] => [page, n, total / n])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
