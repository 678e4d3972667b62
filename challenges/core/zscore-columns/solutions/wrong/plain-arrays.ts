// @expect WrongAnswer
// Right numbers, wrong type: returns plain number arrays, not the Float64Array columns the
// signature promises.

interface Table {
  names: string[]
  columns: Float64Array[]
}

export function solve(table: Table): Float64Array[] {
  return table.columns.map((x) => {
    const values = Array.from(x)
    const mean = values.reduce((a, b) => a + b, 0) / values.length
    const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length)
    const constant = values.every((v) => v === values[0])
    return values.map((v) => (constant ? 0 : (v - mean) / std))
  }) as unknown as Float64Array[]
}
