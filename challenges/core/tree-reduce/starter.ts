import { dataset } from 'arena:dataset'

interface Readings {
  /** The array: a columnar file with one float64 column, `value` (`dataset.read(file, { format: 'columnar' })`). */
  file: string
  count: number
  bytes: number
  /** The histogram: `bins` equal bins over [low, high). */
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
  const values = dataset.read<{ value: number }>(input.file, { format: 'columnar' }).map((row) => row.value)
  // TODO: the mean, min, max and the histogram too. Summarize each chunk (partition) in its task with
  // mapPartitions, then combine the chunks' partials: treeReduce combines them in a tree of tasks.
  const count = await values.count()
  return { count, mean: 0, min: 0, max: 0, histogram: new Array(input.bins).fill(0) }
}
