// @skips-lesson (as every slow solution): half of it. Prunes the columns (only day, device, country
// and cents are read) but pushes nothing down: every row group is read, and the days and the device
// are tested in a filter. Correct, and it must stay below gold: measured 0.10, the floor of a case's
// ratio (0.095 on events-100k, 0.045 on events-250k; a busy 2-core machine, load average ~10), since
// the reference's statistics skip 114 of the 123 row groups.
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
    .read<{ day: number; device: string; country: string; cents: number }>(input.file, {
      format: 'columnar',
      columns: ['day', 'device', 'country', 'cents'],
    })
    .filter((c, env) => c.day >= env.from && c.day <= env.to && c.device === env.device, {
      from: input.from,
      to: input.to,
      device: input.device,
    })
    .map((click): [string, [number, number]] => [click.country, [1, click.cents]])
    .reduceByKey((a, b): [number, number] => [a[0] + b[0], a[1] + b[1]], dataset.size)
    .collect()
  return totals
    .map(([country, [events, cents]]): [string, number, number] => [country, events, cents])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
