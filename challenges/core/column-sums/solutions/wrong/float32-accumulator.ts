// @expect WrongAnswer
// Accumulates in a Float32Array "to halve the memory traffic": each addition is rounded to about 7
// significant digits, so the sums drift far past the 1e-9 relative tolerance.
interface Matrix {
  rows: number
  cols: number
  data: Float64Array
}

export function solve(input: Matrix): Float64Array {
  const { rows, cols, data } = input
  const acc = new Float32Array(cols)
  for (let r = 0; r < rows; r++) {
    const base = r * cols
    for (let c = 0; c < cols; c++) acc[c]! += data[base + c]!
  }
  return Float64Array.from(acc)
}
