// @expect WrongAnswer
// Uses `cols` as the length of an output row. That is right only when the matrix is square: for a
// rows x cols input, an output row holds `rows` values.
interface Matrix {
  rows: number
  cols: number
  data: Float64Array
}

export function solve(input: Matrix): Matrix {
  const { rows, cols, data } = input
  const out = new Float64Array(rows * cols)
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * cols + r] = data[r * cols + c]!
  }
  return { rows: cols, cols: rows, data: out }
}
