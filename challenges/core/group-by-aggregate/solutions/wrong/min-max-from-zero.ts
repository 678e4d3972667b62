// @expect WrongAnswer
// Uses fresh (zero-filled) arrays as the running min and max. A group whose values are all positive
// reports min 0; one whose values are all negative reports max 0.

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
  const count = new Int32Array(k)
  const sum = new Float64Array(k)
  const min = new Float64Array(k)
  const max = new Float64Array(k)
  for (let i = 0; i < keys.length; i++) {
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
