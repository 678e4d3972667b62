// @expect WrongAnswer
// Divides by n - 1 (the sample standard deviation, pandas' `Series.std()` default) instead of n
// (the population standard deviation the statement asks for, NumPy's `np.std` default).

interface Table {
  names: string[]
  columns: Float64Array[]
}

export function solve(table: Table): Float64Array[] {
  return table.columns.map((x) => {
    const n = x.length
    const z = new Float64Array(n)
    let sum = 0
    let allEqual = true
    for (let i = 0; i < n; i++) {
      sum += x[i]!
      if (x[i] !== x[0]) allEqual = false
    }
    if (allEqual) return z
    const mean = sum / n
    let squares = 0
    for (let i = 0; i < n; i++) squares += (x[i]! - mean) ** 2
    const std = Math.sqrt(squares / (n - 1))
    for (let i = 0; i < n; i++) z[i] = (x[i]! - mean) / std
    return z
  })
}
