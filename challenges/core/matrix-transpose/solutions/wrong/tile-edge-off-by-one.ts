// @expect WrongAnswer
// Clamps the last tile with `Math.min(start + TILE, n - 1)` and loops with `<`: an off-by-one at the
// tile edge that never copies the last row nor the last column (they stay 0).
interface Matrix {
  rows: number
  cols: number
  data: Float64Array
}

const TILE = 64

export function solve(input: Matrix): Matrix {
  const { rows, cols, data } = input
  const out = new Float64Array(rows * cols)
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(r0 + TILE, rows - 1)
    for (let c0 = 0; c0 < cols; c0 += TILE) {
      const c1 = Math.min(c0 + TILE, cols - 1)
      for (let r = r0; r < r1; r++) {
        for (let c = c0; c < c1; c++) out[c * rows + r] = data[r * cols + c]!
      }
    }
  }
  return { rows: cols, cols: rows, data: out }
}
