// @expect WrongAnswer
// Pushes the day range down as two strict comparisons, `>` from and `<` to: the question's first and
// last days are both included, so their events are lost. `between` includes both ends (or use `>=`
// and `<=`).
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
      where: [
        ['day', '>', input.from],
        ['day', '<', input.to],
        ['device', '=', input.device],
      ],
    })
    .map((click): [string, [number, number]] => [click.country, [1, click.cents]])
    .reduceByKey((a, b): [number, number] => [a[0] + b[0], a[1] + b[1]], dataset.size)
    .collect()
  return totals
    .map(([country, [events, cents]]): [string, number, number] => [country, events, cents])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
