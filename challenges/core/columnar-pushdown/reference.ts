// Column pruning and predicate pushdown: the read names the two columns the answer needs and the
// row filter as `where`. The host reads the footer, skips every row group whose `day` min/max lie
// outside the question's days, and of the groups left reads only the chunks of `country` and `cents`
// (and of `day` and `device`, which `where` tests). The tasks decode a few percent of the file.
import { dataset } from 'arena:dataset'

/** A columnar file only the dataset engine reads, and the question. */
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
