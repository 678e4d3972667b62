// A row-major matrix: element (r, c) is data[r * cols + c].
interface Matrix {
  rows: number
  cols: number
  data: Float64Array
}

export function solve(input: Matrix): Float64Array {
  const sums = new Float64Array(input.cols)
  // TODO: sums[c] must be the sum of column c. Mind the order in which you touch memory: the large
  // cases are timed.
  return sums
}
