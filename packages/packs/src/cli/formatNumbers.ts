/** `1.23×` */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return String(ratio)
  // Two significant digits below 1: a baseline at 0.004× must not print as 0.00×.
  if (ratio < 1) return `${Number(ratio.toPrecision(2))}×`
  return `${ratio >= 100 ? ratio.toFixed(0) : ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}×`
}

/** `±2.1%` */
export function formatSpread(spread: number): string {
  return `±${(spread * 100).toFixed(1)}%`
}

/** `12.3 MB` */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`
}

/** `850 µs`, `12.3 ms`, `1.20 s` */
export function formatNs(ns: number): string {
  if (ns < 1e6) return `${(ns / 1e3).toFixed(0)} µs`
  if (ns < 1e9) return `${(ns / 1e6).toFixed(1)} ms`
  return `${(ns / 1e9).toFixed(2)} s`
}
