// @expect WrongAnswer
// One pass with the textbook shortcut variance = E[x^2] - mean^2. Fast, but when the values are far
// from 0 next to their spread (around 1e6, differing by 10) the two terms are almost equal and their
// difference keeps only a few correct digits: catastrophic cancellation.

interface Table {
  names: string[]
  columns: Float64Array[]
}

export function solve(table: Table): Float64Array[] {
  return table.columns.map((x) => {
    const n = x.length
    const z = new Float64Array(n)
    let sum = 0
    let sumOfSquares = 0
    let min = x[0]!
    let max = x[0]!
    for (let i = 0; i < n; i++) {
      const v = x[i]!
      sum += v
      sumOfSquares += v * v
      if (v < min) min = v
      if (v > max) max = v
    }
    if (min === max) return z
    const mean = sum / n
    const std = Math.sqrt(Math.max(0, sumOfSquares / n - mean * mean))
    for (let i = 0; i < n; i++) z[i] = (x[i]! - mean) / std
    return z
  })
}
