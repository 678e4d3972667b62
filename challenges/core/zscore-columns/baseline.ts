// Baseline: the "row objects" way, like `df.apply(f, axis=1)` or a loop over `df.to_dict('records')`.
// Every row becomes an object keyed by column name; statistics come from map/reduce over those
// objects, and the z-scores are computed row by row into new objects. Correct, and slow: millions of
// small objects, boxed numbers, string-keyed lookups, and a fresh array for every intermediate step.

interface Table {
  names: string[]
  columns: Float64Array[]
}

type Row = Record<string, number>

export function solve(table: Table): Float64Array[] {
  const { names, columns } = table
  const n = columns[0]!.length

  // 1. The table as a list of records.
  const rows: Row[] = []
  for (let i = 0; i < n; i++) {
    const row: Row = {}
    names.forEach((name, j) => {
      row[name] = columns[j]![i]!
    })
    rows.push(row)
  }

  // 2. Mean and population standard deviation of each column, with map/reduce over the records.
  const stats: Record<string, { mean: number; std: number; constant: boolean }> = {}
  for (const name of Object.keys(rows[0]!)) {
    const values = rows.map((row) => row[name]!)
    const mean = values.reduce((a, b) => a + b, 0) / values.length
    const variance = values.map((v) => (v - mean) ** 2).reduce((a, b) => a + b, 0) / values.length
    const constant = values.every((v) => v === values[0])
    stats[name] = { mean, std: Math.sqrt(variance), constant }
  }

  // 3. "apply" over the rows: a new record of z-scores for every row.
  const scored = rows.map((row) => {
    const out: Row = {}
    for (const name of Object.keys(row)) {
      const { mean, std, constant } = stats[name]!
      out[name] = constant ? 0 : (row[name]! - mean) / std
    }
    return out
  })

  // 4. Back to columns.
  return names.map((name) => Float64Array.from(scored, (row) => row[name]!))
}
