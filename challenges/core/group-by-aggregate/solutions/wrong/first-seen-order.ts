// @expect WrongAnswer
// Groups with a Map and writes the groups out in the order they were first seen (the Map's order)
// instead of by group code, and leaves out groups that have no rows.

interface Orders {
  groups: string[]
  keys: Int32Array
  values: Float64Array
}

interface Aggregates {
  count: Int32Array
  sum: Float64Array
  mean: Float64Array
  min: Float64Array
  max: Float64Array
}

export function solve(input: Orders): Aggregates {
  const { keys, values } = input
  const k = input.groups.length
  const seen = new Map<number, { count: number; sum: number; min: number; max: number }>()
  for (let i = 0; i < keys.length; i++) {
    const v = values[i]!
    const s = seen.get(keys[i]!)
    if (s) {
      s.count++
      s.sum += v
      if (v < s.min) s.min = v
      if (v > s.max) s.max = v
    } else {
      seen.set(keys[i]!, { count: 1, sum: v, min: v, max: v })
    }
  }
  const out: Aggregates = {
    count: new Int32Array(k),
    sum: new Float64Array(k),
    mean: new Float64Array(k).fill(Number.NaN),
    min: new Float64Array(k).fill(Number.NaN),
    max: new Float64Array(k).fill(Number.NaN),
  }
  let g = 0
  for (const s of seen.values()) {
    out.count[g] = s.count
    out.sum[g] = s.sum
    out.mean[g] = s.sum / s.count
    out.min[g] = s.min
    out.max[g] = s.max
    g++
  }
  return out
}
