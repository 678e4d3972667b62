// Reference: the key column is already a dense integer code (a categorical column), so the group
// is an index. One pass over the rows updates typed-array accumulators at that index; no object,
// string or Map is touched per row. A short pass over the k groups finishes means and empty groups.

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
  const n = keys.length
  const count = new Int32Array(k)
  const sum = new Float64Array(k)
  const min = new Float64Array(k).fill(Number.POSITIVE_INFINITY)
  const max = new Float64Array(k).fill(Number.NEGATIVE_INFINITY)

  for (let i = 0; i < n; i++) {
    const g = keys[i]!
    const v = values[i]!
    count[g]!++
    sum[g]! += v
    if (v < min[g]!) min[g] = v
    if (v > max[g]!) max[g] = v
  }

  const mean = new Float64Array(k)
  for (let g = 0; g < k; g++) {
    if (count[g] === 0) {
      mean[g] = Number.NaN
      min[g] = Number.NaN
      max[g] = Number.NaN
    } else {
      mean[g] = sum[g]! / count[g]!
    }
  }
  return { count, sum, mean, min, max }
}
