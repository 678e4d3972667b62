// The naive solution: one column at a time, walking down the column. Consecutive reads are a whole
// row apart (128 bytes on the timed 16-column matrices), so each read uses 8 bytes of the 64-byte
// cache line it brings in; the matrix is larger than the caches, so by the time the next column
// needs the same lines they have been evicted and come from RAM again.

interface Matrix {
  rows: number
  cols: number
  data: Float64Array
}

export function solve(input: Matrix): Float64Array {
  const { rows, cols, data } = input
  const sums = new Float64Array(cols)
  for (let c = 0; c < cols; c++) {
    let sum = 0
    for (let r = 0; r < rows; r++) sum += data[r * cols + c]!
    sums[c] = sum
  }
  return sums
}
