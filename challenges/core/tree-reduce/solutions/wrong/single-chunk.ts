// @expect MemoryLimit
// @skips-lesson
// One loop in one task: reads the whole array as a single partition and summarizes it with one
// mapPartitions. Correct on small files, but a task is handed its whole partition, and the largest
// array is larger than a worker's share of the memory limit: the task ends in MemoryLimit. Chunks
// exist so that each task holds only what fits.
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

export async function solve(input: Readings): Promise<Summary> {
  const { low, high, bins } = input
  const [total] = await dataset
    .read<{ value: number }>(input.file, { format: 'columnar', partitions: 1 })
    .mapPartitions(
      (rows, env): number[][] => {
        const partial = new Array<number>(4 + env.bins).fill(0)
        partial[2] = Number.POSITIVE_INFINITY
        partial[3] = Number.NEGATIVE_INFINITY
        for (const { value } of rows) {
          partial[1]! += value
          partial[2] = Math.min(partial[2]!, value)
          partial[3] = Math.max(partial[3]!, value)
          partial[
            4 + Math.min(env.bins - 1, Math.floor(((value - env.low) * env.bins) / (env.high - env.low)))
          ]!++
        }
        partial[0] = rows.length
        return [partial]
      },
      { low, high, bins },
    )
    .collect()
  const t = total!
  return { count: t[0]!, mean: t[1]! / t[0]!, min: t[2]!, max: t[3]!, histogram: t.slice(4) }
}
