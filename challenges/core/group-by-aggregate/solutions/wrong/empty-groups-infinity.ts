// @expect WrongAnswer
// Starts min at +Infinity and max at -Infinity (a good trick) but never fixes the groups that got
// no rows: they report min = Infinity and max = -Infinity instead of NaN.

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
  const min = new Float64Array(k).fill(Number.POSITIVE_INFINITY)
  const max = new Float64Array(k).fill(Number.NEGATIVE_INFINITY)
  for (let i = 0; i < keys.length; i++) {
    const g = keys[i]!
    const v = values[i]!
    count[g]!++
    sum[g]! += v
    if (v < min[g]!) min[g] = v
    if (v > max[g]!) max[g] = v
  }
  const mean = new Float64Array(k)
  for (let g = 0; g < k; g++) mean[g] = sum[g]! / count[g]! // 0 / 0 is NaN: right by luck
  return { count, sum, mean, min, max }
}
