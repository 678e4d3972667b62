// @skips-lesson (as every slow solution): work the clock might not see (issue 14, class 2). solve
// returns a thenable of its own instead of the sums, and the naive column-by-column walk (the
// baseline, about 5x slower than the reference) runs only when something calls its `then`. If that
// happened while the result is copied out, after the timers stop, this would score 10. The grader's
// caller awaits the value inside the timed window, so the walk counts and this stays the baseline's
// speed, far below gold.

interface Matrix {
  rows: number
  cols: number
  data: Float64Array
}

function columnByColumn(input: Matrix): Float64Array {
  const { rows, cols, data } = input
  const sums = new Float64Array(cols)
  for (let c = 0; c < cols; c++) {
    let sum = 0
    for (let r = 0; r < rows; r++) sum += data[r * cols + c]!
    sums[c] = sum
  }
  return sums
}

export function solve(input: Matrix): Float64Array {
  const deferred = {
    // biome-ignore lint/suspicious/noThenProperty: the thenable is the route this solution tests
    then(resolve: (sums: Float64Array) => void) {
      resolve(columnByColumn(input))
    },
  }
  return deferred as unknown as Float64Array
}
