// @expect WrongAnswer
// Unrolls the column loop by 4 and forgets the tail: when cols is not a multiple of 4, the last
// columns are never summed (they stay 0).
interface Matrix {
  rows: number
  cols: number
  data: Float64Array
}

export function solve(input: Matrix): Float64Array {
  const { rows, cols, data } = input
  const sums = new Float64Array(cols)
  for (let r = 0; r < rows; r++) {
    const base = r * cols
    for (let c = 0; c + 3 < cols; c += 4) {
      sums[c]! += data[base + c]!
      sums[c + 1]! += data[base + c + 1]!
      sums[c + 2]! += data[base + c + 2]!
      sums[c + 3]! += data[base + c + 3]!
    }
  }
  return sums
}
