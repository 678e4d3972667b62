// @expect WrongAnswer
// Each chunk's partial keeps its mean instead of its sum, and the tree combines two partials by
// averaging their means. Averaging is not associative over chunks of different sizes (the last chunk
// is short, and the tree groups chunks unevenly): a combine function must give the same answer for any
// grouping, so carry sums and counts and divide once at the end.
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

/** [count, mean, min, max, bin 0, …]: the mean of the merge is the mean of the two means (wrong). */
export function merge(a: number[], b: number[]): number[] {
  const out = a.map((x, i) => (i >= 4 || i === 0 ? x + b[i]! : x))
  out[1] = (a[1]! + b[1]!) / 2
  out[2] = Math.min(a[2]!, b[2]!)
  out[3] = Math.max(a[3]!, b[3]!)
  return out
}

export async function solve(input: Readings): Promise<Summary> {
  const { low, high, bins } = input
  const total = await dataset
    .read<{ value: number }>(input.file, { format: 'columnar' })
    .mapPartitions(
      (rows, env): number[][] => {
        if (rows.length === 0) return []
        const partial = new Array<number>(4 + env.bins).fill(0)
        let sum = 0
        partial[2] = Number.POSITIVE_INFINITY
        partial[3] = Number.NEGATIVE_INFINITY
        for (const { value } of rows) {
          sum += value
          partial[2] = Math.min(partial[2]!, value)
          partial[3] = Math.max(partial[3]!, value)
          partial[
            4 + Math.min(env.bins - 1, Math.floor(((value - env.low) * env.bins) / (env.high - env.low)))
          ]!++
        }
        partial[0] = rows.length
        partial[1] = sum / rows.length
        return [partial]
      },
      { low, high, bins },
    )
    .treeReduce(merge)
  return { count: total[0]!, mean: total[1]!, min: total[2]!, max: total[3]!, histogram: total.slice(4) }
}
