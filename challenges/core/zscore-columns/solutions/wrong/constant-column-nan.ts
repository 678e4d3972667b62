// @expect WrongAnswer
// Forgets the rule for constant columns: their standard deviation is 0, so (x - mean) / 0 gives NaN
// (or, after rounding, +-Infinity or +-1) instead of the documented 0.

interface Table {
  names: string[]
  columns: Float64Array[]
}

export function solve(table: Table): Float64Array[] {
  return table.columns.map((x) => {
    const n = x.length
    let sum = 0
    for (let i = 0; i < n; i++) sum += x[i]!
    const mean = sum / n
    let squares = 0
    for (let i = 0; i < n; i++) squares += (x[i]! - mean) ** 2
    const std = Math.sqrt(squares / n)
    const z = new Float64Array(n)
    for (let i = 0; i < n; i++) z[i] = (x[i]! - mean) / std
    return z
  })
}
