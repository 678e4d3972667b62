// @expect WrongAnswer
// Detects a constant column by `std === 0`. In floating point the mean of [0.1, 0.1, 0.1] is
// 0.10000000000000002, so the computed std is about 1e-17, not 0, and every z-score comes out as -1.

interface Table {
  names: string[]
  columns: Float64Array[]
}

export function solve(table: Table): Float64Array[] {
  return table.columns.map((x) => {
    const n = x.length
    const z = new Float64Array(n)
    let sum = 0
    for (let i = 0; i < n; i++) sum += x[i]!
    const mean = sum / n
    let squares = 0
    for (let i = 0; i < n; i++) squares += (x[i]! - mean) ** 2
    const std = Math.sqrt(squares / n)
    if (std === 0) return z
    for (let i = 0; i < n; i++) z[i] = (x[i]! - mean) / std
    return z
  })
}
