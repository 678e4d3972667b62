// @expect RuntimeError
// @skips-lesson
// A single loop in solve: collects every reading and summarizes them in a plain loop there. Correct
// on small files, but the largest array is larger than the main isolate's memory, and an action may
// bring back at most 3 KB to solve (`limits.jobResultKb`): the chunks have to be summarized where they
// are read, in the tasks.
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
  const values = await dataset
    .read<{ value: number }>(input.file, { format: 'columnar' })
    .map((row) => row.value)
    .collect()
  const histogram = new Array<number>(input.bins).fill(0)
  let sum = 0
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  for (const v of values) {
    sum += v
    min = Math.min(min, v)
    max = Math.max(max, v)
    histogram[
      Math.min(input.bins - 1, Math.floor(((v - input.low) * input.bins) / (input.high - input.low)))
    ]!++
  }
  return { count: values.length, mean: sum / values.length, min, max, histogram }
}
