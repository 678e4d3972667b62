// A row-major matrix: element (r, c) is data[r * cols + c].
interface Matrix {
  rows: number
  cols: number
  data: Float64Array
}

export function solve(input: Matrix): Matrix {
  const { rows, cols } = input
  const out = new Float64Array(rows * cols)
  // TODO: fill `out` with the transpose: element (r, c) of the input is element (c, r) of the output.
  // Mind the order in which you touch memory: the large cases are timed.
  return { rows: cols, cols: rows, data: out }
}
