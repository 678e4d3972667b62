// @expect RuntimeError
// @skips-lesson
// The reference's chunk partials without the tree (a held-back try at class 8): mapPartitions makes a
// partial per chunk, collect() brings all of them back and solve folds them in a loop. Folding 62
// partials takes microseconds, so with no bound it was Accepted and scored 1.08 gold, above the
// reference. Now an action may bring back at most 3 KB to solve (`limits.jobResultKb`): 62 partials
// (77 on the largest test) are 8-14 KB, treeReduce's last level under 2 KB, so this is a RuntimeError
// telling the learner to aggregate in the tasks (issue 14, class 8).
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

/** A chunk's partial: [count, sum, min, max, bin 0, bin 1, …]. */
type Partial = number[]

/** Adds partial b into a (associative: any grouping of the chunks gives the same counts). */
export function merge(a: Partial, b: Partial): Partial {
  a[0]! += b[0]!
  a[1]! += b[1]!
  if (b[2]! < a[2]!) a[2] = b[2]!
  if (b[3]! > a[3]!) a[3] = b[3]!
  for (let i = 4; i < a.length; i++) a[i]! += b[i]!
  return a
}

export async function solve(input: Readings): Promise<Summary> {
  const { low, high, bins } = input
  const total = (
    await dataset
      .read<{ value: number }>(input.file, { format: 'columnar' })
      .mapPartitions(
        (rows, env): Partial[] => {
          const partial: Partial = new Array(4 + env.bins).fill(0)
          let sum = 0
          let min = Number.POSITIVE_INFINITY
          let max = Number.NEGATIVE_INFINITY
          const scale = env.bins / (env.high - env.low)
          for (let r = 0; r < rows.length; r++) {
            const v = rows[r]!.value
            sum += v
            if (v < min) min = v
            if (v > max) max = v
            const bin = Math.floor((v - env.low) * scale)
            partial[4 + (bin < env.bins ? bin : env.bins - 1)]!++
          }
          partial[0] = rows.length
          partial[1] = sum
          partial[2] = min
          partial[3] = max
          return rows.length === 0 ? [] : [partial]
        },
        { low, high, bins },
      )
      .collect()
  ).reduce((a, b) => merge(a, b))
  return {
    count: total[0]!,
    mean: total[1]! / total[0]!,
    min: total[2]!,
    max: total[3]!,
    histogram: total.slice(4),
  }
}
