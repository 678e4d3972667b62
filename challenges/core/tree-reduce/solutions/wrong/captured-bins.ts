// @expect RuntimeError
// Summarizes each chunk with `input.low`, `input.high` and `input.bins` read from solve, as a closure
// would in Spark or Dask: here the function runs in a worker isolate that never sees solve's variables,
// and the engine refuses it before any task runs, naming `input` and this line. Pass them in env.
import { dataset } from 'arena:dataset'

interface Readings {
  file: string
  count: number
  bytes: number
  low: number
  high: number
  bins: number
}

interface Summary {
  count: number
  mean: number
  min: number
  max: number
  histogram: number[]
}

export function merge(a: number[], b: number[]): number[] {
  return a.map((x, i) => (i === 2 ? Math.min(x, b[i]!) : i === 3 ? Math.max(x, b[i]!) : x + b[i]!))
}

export async function solve(input: Readings): Promise<Summary> {
  const total = await dataset
    .read<{ value: number }>(input.file, { format: 'columnar' })
    .mapPartitions((rows): number[][] => {
      if (rows.length === 0) return []
      const partial = new Array<number>(4 + input.bins).fill(0)
      partial[2] = Number.POSITIVE_INFINITY
      partial[3] = Number.NEGATIVE_INFINITY
      for (const { value } of rows) {
        partial[1]! += value
        partial[2] = Math.min(partial[2]!, value)
        partial[3] = Math.max(partial[3]!, value)
        partial[
          4 +
            Math.min(
              input.bins - 1,
              Math.floor(((value - input.low) * input.bins) / (input.high - input.low)),
            )
        ]!++
      }
      partial[0] = rows.length
      return [partial]
    })
    .treeReduce(merge)
  return {
    count: total[0]!,
    mean: total[1]! / total[0]!,
    min: total[2]!,
    max: total[3]!,
    histogram: total.slice(4),
  }
}
