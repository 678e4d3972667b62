export function solve(values: Float64Array) {
  const sorted = Float64Array.from(values).sort()
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i] as number
  return { smallest: Array.from(sorted.subarray(0, 10)), largest: Array.from(sorted.subarray(-10)), sum }
}
