// Reference: work on the columns as they come, with tight loops over typed arrays. Per column, one
// pass for the sum and "are all values equal?", one for the squared deviations (stable, unlike
// E[x^2] - mean^2), and one that writes into a preallocated Float64Array.

interface Table {
  names: string[]
  columns: Float64Array[]
}

export function solve(table: Table): Float64Array[] {
  const columns = table.columns
  const out: Float64Array[] = new Array(columns.length)
  for (let j = 0; j < columns.length; j++) out[j] = zscores(columns[j]!)
  return out
}

function zscores(x: Float64Array): Float64Array {
  const n = x.length
  const z = new Float64Array(n)
  if (n === 0) return z

  const first = x[0]!
  let sum = 0
  let allEqual = true
  for (let i = 0; i < n; i++) {
    const v = x[i]!
    sum += v
    if (v !== first) allEqual = false
  }
  if (allEqual) return z // a constant column: every z-score is 0

  const mean = sum / n
  let squares = 0
  for (let i = 0; i < n; i++) {
    const d = x[i]! - mean
    squares += d * d
  }
  const inverseStd = 1 / Math.sqrt(squares / n)
  for (let i = 0; i < n; i++) z[i] = (x[i]! - mean) * inverseStd
  return z
}
