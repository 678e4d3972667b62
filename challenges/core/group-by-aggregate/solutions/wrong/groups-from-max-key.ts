// @expect WrongAnswer
// Sizes the outputs by the largest key seen (+1) instead of by the dictionary. When the last groups
// of the dictionary have no rows, the output is too short.

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
  let largest = -1
  for (let i = 0; i < keys.length; i++) if (keys[i]! > largest) largest = keys[i]!
  const k = largest + 1
  const count = new Int32Array(k)
  const sum = new Float64Array(k)
  const min = new Float64Array(k).fill(Number.NaN)
  const max = new Float64Array(k).fill(Number.NaN)
  for (let i = 0; i < keys.length; i++) {
    const g = keys[i]!
    const v = values[i]!
    if (count[g] === 0 || v < min[g]!) min[g] = v
    if (count[g] === 0 || v > max[g]!) max[g] = v
    count[g]!++
    sum[g]! += v
  }
  const mean = new Float64Array(k)
  for (let g = 0; g < k; g++) mean[g] = sum[g]! / count[g]!
  return { count, sum, mean, min, max }
}
