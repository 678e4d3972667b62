// The lesson's starting point: the file read as a table of rows. Every column of every row group is
// read and decoded into an object per row, and only then does a filter keep the few days and the one
// device the question is about: the engine cannot skip what it is not told to skip.
import { dataset } from 'arena:dataset'

/** A columnar file only the dataset engine reads, and the question. */
interface Clicks {
  file: string
  bytes: number
  from: number
  to: number
  device: string
}

interface Click {
  day: number
  device: string
  country: string
  cents: number
}

export async function solve(input: Clicks): Promise<[string, number, number][]> {
  const { from, to, device } = input
  const totals = await dataset
    .read<Click & Record<string, number | string>>(input.file, { format: 'columnar' })
    .filter((click, env) => click.day >= env.from && click.day <= env.to && click.device === env.device, {
      from,
      to,
      device,
    })
    .map((click): [string, [number, number]] => [click.country, [1, click.cents]])
    .reduceByKey((a, b): [number, number] => [a[0] + b[0], a[1] + b[1]], dataset.size)
    .collect()
  return totals
    .map(([country, [events, cents]]): [string, number, number] => [country, events, cents])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
