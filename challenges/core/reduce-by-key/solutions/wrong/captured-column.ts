// @expect RuntimeError
// Names the latency column in a local constant and uses it inside map: the function runs in a worker
// isolate, which sees its parameters, globals and the module's exports, never solve's variables. The
// engine refuses it before any task runs, naming `column` and this line; pass it in env instead.
import { dataset } from 'arena:dataset'

interface AccessLog {
  file: string
  bytes: number
}

export async function solve(input: AccessLog): Promise<[string, number, number][]> {
  const column = 3
  const totals = await dataset
    .read(input.file)
    .map((line): [string, [number, number]] => {
      const fields = line.split(',')
      return [fields[1]!, [1, Number(fields[column])]]
    })
    .reduceByKey((a, b): [number, number] => [a[0] + b[0], a[1] + b[1]], dataset.size)
    .collect()
  return totals
    .map(([page, [n, total]]): [string, number, number] => [page, n, total / n])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
