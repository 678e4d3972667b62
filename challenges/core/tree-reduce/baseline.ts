// The lesson's starting point: one loop over the whole array, on one worker. The readings are moved
// into a single partition (repartition(1), Spark's coalesce-to-one habit), so a single task folds them
// one at a time while the other worker idles, and each reading is merged into the running summary by
// itself. (Reading the file as one partition does not even fit: see wrong/single-chunk.ts.)
import { dataset } from 'arena:dataset'

/** A columnar file of one float64 column, `value`, that only the dataset engine reads. */
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

/** The running summary, [count, sum, min, max, bin 0, …], with one more reading (the first starts it). */
export function add(
  acc: number | number[],
  v: number | number[],
  env: { low: number; high: number; bins: number },
) {
  const a = typeof acc === 'number' ? start(acc, env) : acc
  const value = v as number
  a[0]! += 1
  a[1]! += value
  if (value < a[2]!) a[2] = value
  if (value > a[3]!) a[3] = value
  a[4 + Math.min(env.bins - 1, Math.floor(((value - env.low) * env.bins) / (env.high - env.low)))]! += 1
  return a
}

export function start(first: number, env: { low: number; high: number; bins: number }): number[] {
  const a = new Array<number>(4 + env.bins).fill(0)
  a[2] = first
  a[3] = first
  return add(a, first, env)
}

export async function solve(input: Readings): Promise<Summary> {
  const { low, high, bins } = input
  const total = (await dataset
    .read<{ value: number }>(input.file, { format: 'columnar' })
    .map((row): number | number[] => row.value)
    .repartition(1)
    .reduce(add, { low, high, bins })) as number | number[]
  const t = typeof total === 'number' ? start(total, { low, high, bins }) : total
  return { count: t[0]!, mean: t[1]! / t[0]!, min: t[2]!, max: t[3]!, histogram: t.slice(4) }
}
