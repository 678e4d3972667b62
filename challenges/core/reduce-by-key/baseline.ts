// The lesson's starting point: group every latency of a page, then count and average the group.
// Correct, but groupByKey combines nothing before the shuffle: every request crosses it.
import { dataset } from 'arena:dataset'

/** An access log file that only the dataset engine reads. */
interface AccessLog {
  file: string
  bytes: number
}

export async function solve(input: AccessLog): Promise<[string, number, number][]> {
  const stats = await dataset
    .read(input.file)
    .map((line): [string, number] => {
      const fields = line.split(',')
      return [fields[1]!, Number(fields[3])]
    })
    .groupByKey(dataset.size)
    .map(([page, latencies]): [string, number, number] => {
      let total = 0
      for (const ms of latencies) total += ms
      return [page, latencies.length, total / latencies.length]
    })
    .collect()
  return stats.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
