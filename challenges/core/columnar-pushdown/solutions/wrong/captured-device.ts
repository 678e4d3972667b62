// @expect RuntimeError
// Pushes the days down but tests the device in a filter that reads `input` from solve, as a closure
// would in Spark: the function runs in a worker isolate that never sees solve's variables, and the
// engine refuses it before any task runs, naming `input` and this line. Pass it in env (or, better,
// push it down too: `where` takes ['device', '=', input.device]).
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
    .read<{ device: string; country: string; cents: number }>(input.file, {
      format: 'columnar',
      columns: ['device', 'country', 'cents'],
      where: [['day', 'between', input.from, input.to]],
    })
    .filter((click) => click.device === input.device)
    .map((click): [string, [number, number]] => [click.country, [1, click.cents]])
    .reduceByKey((a, b): [number, number] => [a[0] + b[0], a[1] + b[1]], dataset.size)
    .collect()
  return totals
    .map(([country, [events, cents]]): [string, number, number] => [country, events, cents])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
