// @expect WrongAnswer
// Combines inside each partition with a Map in mapPartitions, then collects, with no wide step: a page
// seen in two partitions comes back as two partial rows. Combining locally is half of reduceByKey; the
// shuffle that brings a key's partials together is the other half.
import { dataset } from 'arena:dataset'

interface AccessLog {
  file: string
  bytes: number
}

export async function solve(input: AccessLog): Promise<[string, number, number][]> {
  const rows = await dataset
    .read(input.file)
    .mapPartitions((lines) => {
      const stats = new Map<string, [number, number]>()
      for (const line of lines) {
        const fields = line.split(',')
        const s = stats.get(fields[1]!) ?? [0, 0]
        stats.set(fields[1]!, [s[0] + 1, s[1] + Number(fields[3])])
      }
      return [...stats].map(([page, [n, total]]): [string, number, number] => [page, n, total / n])
    })
    .collect()
  return rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
