// @expect WrongAnswer
// Sums each row instead of each column: the sequential loop, but with the roles of r and c mixed up.
interface Matrix {
  rows: number
  cols: number
  data: Float64Array
}

export function solve(input: Matrix): Float64Array {
  const { rows, cols, data } = input
  const sums = new Float64Array(rows)
  for (let r = 0; r < rows; r++) {
    let sum = 0
    for (let c = 0; c < cols; c++) sum += data[r * cols + c]!
    sums[r] = sum
  }
  return sums
}
