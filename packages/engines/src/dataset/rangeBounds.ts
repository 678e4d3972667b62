/**
 * `partitions - 1` range bounds for a sortBy's shuffle from the sampled sort keys (encoded as text
 * whose order is the keys', sortKeySource.ts): partition r gets the keys up to bound r, so equal keys
 * all fall in one partition. Spark's RangePartitioner samples the same way, in a job of its own.
 */
export function rangeBounds(samples: readonly string[], partitions: number): string[] {
  if (partitions <= 1 || samples.length === 0) return []
  const sorted = [...samples].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const bounds: string[] = []
  for (let i = 1; i < partitions; i++) {
    bounds.push(sorted[Math.min(sorted.length - 1, Math.floor((i * sorted.length) / partitions))] as string)
  }
  return bounds
}
