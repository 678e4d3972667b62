// @expect WrongAnswer
// A tiled transpose whose tile loops stop at the last full tile: when rows or cols is not a multiple
// of the tile size, the values of the last partial tiles are never copied (they stay 0).
interface Matrix {
  rows: number
  cols: number
  data: Float64Array
}

const TILE = 32

export function solve(input: Matrix): Matrix {
  const { rows, cols, data } = input
  const out = new Float64Array(rows * cols)
  for (let r0 = 0; r0 + TILE <= rows; r0 += TILE) {
    for (let c0 = 0; c0 + TILE <= cols; c0 += TILE) {
      for (let r = r0; r < r0 + TILE; r++) {
        for (let c = c0; c < c0 + TILE; c++) out[c * rows + r] = data[r * cols + c]!
      }
    }
  }
  return { rows: cols, cols: rows, data: out }
}
