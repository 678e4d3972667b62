// @expect WrongAnswer
// Finds a reading's bin with Math.round instead of Math.floor: a reading in the upper half of a bin
// is counted in the next one (and the top half of the last bin is clamped back into it), so every
// bin is shifted by half a bin's width. Bin i holds low + i*width <= v < low + (i+1)*width.
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
  const { low, high, bins } = input
  const total = await dataset
    .read<{ value: number }>(input.file, { format: 'columnar' })
    .mapPartitions(
      (rows, env): number[][] => {
        if (rows.length === 0) return []
        const partial = new Array<number>(4 + env.bins).fill(0)
        partial[2] = Number.POSITIVE_INFINITY
        partial[3] = Number.NEGATIVE_INFINITY
        for (const { value } of rows) {
          partial[1]! += value
          partial[2] = Math.min(partial[2]!, value)
          partial[3] = Math.max(partial[3]!, value)
          partial[
            4 + Math.min(env.bins - 1, Math.round(((value - env.low) * env.bins) / (env.high - env.low)))
          ]!++
        }
        partial[0] = rows.length
        return [partial]
      },
      { low, high, bins },
    )
    .treeReduce(merge)
  return {
    count: total[0]!,
    mean: total[1]! / total[0]!,
    min: total[2]!,
    max: total[3]!,
    histogram: total.slice(4),
  }
}
