export interface BenchSection {
  name: string
  description: string
  run(log: (line: string) => void): Promise<unknown>
}

export function summarize(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b)
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length
  const sd = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length)
  return {
    n: values.length,
    median: sorted[Math.floor(sorted.length / 2)] as number,
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    mean,
    cv: sd / mean,
  }
}
