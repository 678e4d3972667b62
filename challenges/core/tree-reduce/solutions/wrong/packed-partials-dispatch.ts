// @expect RuntimeError
// @skips-lesson @perf-trial
// Packed partials and a size dispatch (a held-back try at class 8): below 2.2M readings each chunk's
// partial is packed into ~45 characters (the count, the sum's float64 bits, min and max, a character
// a bin), collect() brings them back under the 3 KB bound (62 partials ~2.8 KB) and solve folds them:
// no tree; above it the reference runs, so the hidden test passes. It scored 1.15 gold. Now an action
// may bring back at most 16 records to solve (`limits.jobResultRecords`): 31 and 62 partials are a
// RuntimeError on the timed cases, while treeReduce's last level is at most 9 (issue 14, class 8).
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
  if (input.count > 2_200_000) return tree(input)
  const { low, high, bins } = input
  const packed = await dataset
    .read<{ value: number }>(input.file, { format: 'columnar' })
    .mapPartitions(
      (rows, env): string[] => {
        if (rows.length === 0) return []
        const hist = new Array<number>(env.bins).fill(0)
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
          hist[bin < env.bins ? bin : env.bins - 1]!++
        }
        const f = new Float64Array([sum])
        const u = new Uint32Array(f.buffer)
        const lo = u[0]!
        const hi = u[1]!
        // 64 bits in 13-bit pieces, each + 256 (no JSON escapes, no surrogates)
        const pieces = [
          lo & 0x1fff,
          (lo >>> 13) & 0x1fff,
          ((lo >>> 26) | ((hi & 0x7f) << 6)) & 0x1fff,
          (hi >>> 7) & 0x1fff,
          (hi >>> 20) & 0xfff,
        ]
        const mn = Math.round(min * 1000)
        const mx = Math.round(max * 1000)
        let s = String.fromCharCode(256 + rows.length)
        for (const p of pieces) s += String.fromCharCode(256 + p)
        s += String.fromCharCode(
          256 + (mn & 0x1fff),
          256 + (mn >>> 13),
          256 + (mx & 0x1fff),
          256 + (mx >>> 13),
        )
        for (const h of hist) s += String.fromCharCode(256 + h)
        return [s]
      },
      { low, high, bins },
    )
    .collect()
  let count = 0
  let sum = 0
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  const histogram = new Array<number>(bins).fill(0)
  const f = new Float64Array(1)
  const u = new Uint32Array(f.buffer)
  for (const s of packed) {
    const c = (i: number) => s.charCodeAt(i) - 256
    count += c(0)
    const p = [c(1), c(2), c(3), c(4), c(5)]
    u[0] = (p[0]! | (p[1]! << 13) | ((p[2]! & 0x3f) << 26)) >>> 0
    u[1] = ((p[2]! >>> 6) | (p[3]! << 7) | (p[4]! << 20)) >>> 0
    sum += f[0]!
    const mn = (c(6) | (c(7) << 13)) / 1000
    const mx = (c(8) | (c(9) << 13)) / 1000
    if (mn < min) min = mn
    if (mx > max) max = mx
    for (let b = 0; b < bins; b++) histogram[b]! += c(10 + b)
  }
  return { count, mean: sum / count, min, max, histogram }
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

async function tree(input: Readings): Promise<Summary> {
  const { low, high, bins } = input
  const total = await dataset
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
    .treeReduce(merge, { depth: 2 })
  return {
    count: total[0]!,
    mean: total[1]! / total[0]!,
    min: total[2]!,
    max: total[3]!,
    histogram: total.slice(4),
  }
}
