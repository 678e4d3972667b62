// @skips-lesson (as every slow solution): half of it. Pushes the question down (`where` on the days
// and the device, so the row groups outside the days are skipped) but names no `columns`: every row
// of the groups left is decoded with all 15 columns. Correct, and it must stay below gold: measured
// 0.47 and 0.61 in two gradings (a busy 2-core machine, load average ~10), since the reference
// decodes 4 of the 15 columns of the same groups.
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
      where: [
        ['day', 'between', input.from, input.to],
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
