// @expect WrongAnswer
// Reads only what the days need, and skips the row groups well, but forgets the device: the counts
// and totals are those of every device. Statistics only decide which row groups are read; each
// predicate the question asks still has to be written.
import { dataset } from 'arena:dataset'

interface Clicks {
  file: string
  bytes: number
  from: number
  to: number
  device: string
}

export async function solve(input: Clicks): Promise<[string, number, number][]> {
  const totals = await dataset
    .read<{ country: string; cents: number }>(input.file, {
      format: 'columnar',
      columns: ['country', 'cents'],
      where: [['day', 'between', input.from, input.to]],
    })
    .map((click): [string, [number, number]] => [click.country, [1, click.cents]])
    .reduceByKey((a, b): [number, number] => [a[0] + b[0], a[1] + b[1]], dataset.size)
    .collect()
  return totals
    .map(([country, [events, cents]]): [string, number, number] => [country, events, cents])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
