import type { PerfCase, PerfResult } from '../api/types.ts'

/** The cap of a trial, or none (a result stored before caps were recorded reads 0). */
export function capOf(perf: PerfResult): number | undefined {
  return perf.cap > 0 ? perf.cap : undefined
}

/** The per-case figure the headline combines: the ratio clamped to [1/cap, cap]. */
export function countedRatio(perfCase: PerfCase, cap: number | undefined): number {
  if (cap === undefined) return perfCase.ratio
  return Math.min(cap, Math.max(1 / cap, perfCase.ratio))
}

/** Whether the cap changed this case's figure (then the page shows both). */
export function isCapped(perfCase: PerfCase, cap: number | undefined): boolean {
  return countedRatio(perfCase, cap) !== perfCase.ratio
}

/** The headline as the grader forms it: the geometric mean of the counted per-case ratios. */
export function headlineOf(perf: PerfResult): number | undefined {
  if (perf.cases.length === 0) return undefined
  const cap = capOf(perf)
  const logs = perf.cases.map((perfCase) => Math.log(countedRatio(perfCase, cap)))
  return Math.exp(logs.reduce((sum, value) => sum + value, 0) / logs.length)
}

/** Bars that differ by more than this factor are drawn on a log scale: the short ones stay visible. */
export const LOG_SCALE_ABOVE = 10

export function needsLogScale(values: number[]): boolean {
  const positive = values.filter((value) => value > 0)
  if (positive.length < 2) return false
  return Math.max(...positive) / Math.min(...positive) > LOG_SCALE_ABOVE
}
