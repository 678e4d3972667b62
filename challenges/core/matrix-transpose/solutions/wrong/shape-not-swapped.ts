// @expect WrongAnswer
// Moves every value to the right place, but reports the input's shape: a rows x cols matrix
// transposed is cols x rows.
interface Matrix {
  rows: number
  cols: number
  data: Float64Array
}

export function solve(input: Matrix): Matrix {
  const { rows, cols, data } = input
  const out = new Float64Array(rows * cols)
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]!
  }
  return { rows, cols, data: out }
}
