// Sliding the window: one addition and one subtraction per value, whatever w is.
export function solve({ values, w }: { values: Float64Array; w: number }): Float64Array {
  const windows = Math.max(0, values.length - w + 1)
  const sums = new Float64Array(windows)
  let sum = 0
  for (let i = 0; i < values.length; i++) {
    sum += values[i] ?? 0
    if (i >= w) sum -= values[i - w] ?? 0
    if (i >= w - 1) sums[i - w + 1] = sum
  }
  return sums
}
