export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/**
 * A distribution-free 95% confidence interval for the median: the k-th smallest and k-th largest
 * values, with k the largest rank such that P(Binomial(n, 1/2) < k) <= 2.5%. Needs at least 6 values;
 * with fewer, the interval is the whole range.
 */
export function medianInterval(values: readonly number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b)
  const n = sorted.length
  if (n === 0) return [Number.NaN, Number.NaN]
  let k = 0
  let cumulative = 0
  for (let rank = 0; rank < n; rank++) {
    cumulative += binomialHalf(n, rank)
    if (cumulative > 0.025) break
    k = rank + 1
  }
  if (k === 0) return [sorted[0] as number, sorted[n - 1] as number]
  return [sorted[k - 1] as number, sorted[n - k] as number]
}

/** P(Binomial(n, 1/2) = k), computed in log space so large n does not overflow. */
function binomialHalf(n: number, k: number): number {
  let logChoose = 0
  for (let i = 1; i <= k; i++) logChoose += Math.log(n - k + i) - Math.log(i)
  return Math.exp(logChoose - n * Math.LN2)
}

export function geometricMean(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  return Math.exp(values.reduce((sum, value) => sum + Math.log(value), 0) / values.length)
}

/** 32-bit seed for round `round` of a case, derived from the secret seed so rounds cannot be predicted. */
export function deriveSeed(secretSeed: number, ...parts: (string | number)[]): number {
  let hash = (secretSeed ^ 0x9e3779b9) >>> 0
  for (const part of parts) {
    const text = String(part)
    for (let i = 0; i < text.length; i++) {
      hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0
    }
    hash = Math.imul(hash ^ (hash >>> 15), 0x85ebca6b) >>> 0
  }
  return (hash ^ (hash >>> 13)) >>> 0
}
