// reduceByKey folds the values of a key inside each task before the shuffle (a map-side combine):
// a task sends one [count, total] per page it saw, not one record per request, and Zipf's law (a few
// pages get most of the views) makes that a small fraction. The reduce side merges the partial sums.
// The mean is total / count at the very end: means do not combine, sums and counts do.
import { dataset } from 'arena:dataset'

/** An access log file that only the dataset engine reads. */
interface AccessLog {
  file: string
  bytes: number
}

export async function solve(input: AccessLog): Promise<[string, number, number][]> {
  const totals = await dataset
    .read(input.file)
    .map((line): [string, [number, number]] => {
      const fields = line.split(',')
      return [fields[1]!, [1, Number(fields[3])]]
    })
    .reduceByKey((a, b): [number, number] => [a[0] + b[0], a[1] + b[1]], dataset.size)
    .collect()
  return totals
    .map(([page, [requests, total]]): [string, number, number] => [page, requests, total / requests])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
