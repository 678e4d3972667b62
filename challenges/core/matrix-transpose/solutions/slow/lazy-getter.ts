// @skips-lesson (as every slow solution): work the clock does not see (issue 14, class 2). A plain
// double loop (about 2.5x slower than the reference, see README.md), deferred into a getter of the
// returned object so that it would run while the result is copied out, after the timers stop: work
// like this scored 10. The result is now materialised as plain data inside the timed window, so the
// getter's work counts and this stays the double loop's speed, well below gold.

interface Matrix {
  rows: number
  cols: number
  data: Float64Array
}

function transpose(input: Matrix): Float64Array {
  const { rows, cols, data } = input
  const out = new Float64Array(rows * cols)
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c]!
  return out
}

export function solve(input: Matrix): Matrix {
  return {
    rows: input.cols,
    cols: input.rows,
    get data() {
      return transpose(input)
    },
  }
}
