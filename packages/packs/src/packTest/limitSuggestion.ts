import type { GradeResult } from '@arena/grader'
import type { ChallengeConfig } from '../schema.ts'
import { POOLED_ENGINES, peakOf } from './memoryCap.ts'

/** Over the slowest Accepted solution's timed call: the sandbox on a busy machine, warm-up and evaluation. */
export const TIME_HEADROOM = 3
/** Over the highest metered peak: another seed's input, a busier garbage collector. */
export const MEMORY_HEADROOM = 1.5
/** A limit this many times the suggestion stops a runaway solution only after a long wait (or never, for memory). */
export const FAR_ABOVE = 20

const MIB = 2 ** 20

/** One Accepted full grading: its slowest timed call over the perf cases and its metered peak. */
export interface MeasuredSolution {
  solution: string
  slowestNs: number
  peakBytes: number
}

export interface LimitSuggestion {
  cpuMs: number
  wallMs: number
  memoryMb: number
  slowest: { solution: string; ms: number }
  peak: { solution: string; mb: number }
}

/** What an Accepted full grading measured; the reference's own times come with every trial. */
export function measuredSolutions(solution: string, result: GradeResult): MeasuredSolution[] {
  const cases = result.perf?.cases ?? []
  if (result.status !== 'Accepted' || cases.length === 0) return []
  const slowest = (side: 'submission' | 'reference') =>
    Math.max(...cases.map((perfCase) => perfCase[side].medianNs))
  return [
    { solution, slowestNs: slowest('submission'), peakBytes: peakOf(result) },
    { solution: 'reference', slowestNs: slowest('reference'), peakBytes: 0 },
  ]
}

/**
 * Limits from measured runs (issue 19.13): `cpuMs` is TIME_HEADROOM times the slowest Accepted
 * solution's timed call on the largest perf case, rounded up to 1, 2, 2.5 or 5 × 10ⁿ (at least
 * 100 ms); `wallMs` twice that; `memoryMb` MEMORY_HEADROOM times the highest metered peak, rounded the
 * same way (at least 8 MB). Undefined without a measurement.
 */
export function suggestLimits(measured: readonly MeasuredSolution[]): LimitSuggestion | undefined {
  if (measured.length === 0) return undefined
  const slowest = measured.reduce((a, b) => (b.slowestNs > a.slowestNs ? b : a))
  const peak = measured.reduce((a, b) => (b.peakBytes > a.peakBytes ? b : a))
  const cpuMs = Math.max(100, niceCeil((TIME_HEADROOM * slowest.slowestNs) / 1e6))
  return {
    cpuMs,
    wallMs: 2 * cpuMs,
    memoryMb: Math.max(8, niceCeil((MEMORY_HEADROOM * peak.peakBytes) / MIB)),
    slowest: { solution: slowest.solution, ms: slowest.slowestNs / 1e6 },
    peak: { solution: peak.solution, mb: peak.peakBytes / MIB },
  }
}

/** The smallest 1, 2, 2.5 or 5 × 10ⁿ at or above `value`. */
export function niceCeil(value: number): number {
  if (!(value > 0)) return 0
  const power = 10 ** Math.floor(Math.log10(value))
  const step = [1, 2, 2.5, 5, 10].find((factor) => factor * power >= value * (1 - 1e-12)) ?? 10
  return step * power
}

/**
 * Where the challenge's limits are below the suggestion or far above it, a message naming both numbers.
 * Time is not judged for a counter clock (the counter leaves out work the limits count); memory not
 * for pool or mapreduce (the peak sums the workers), and a memory limit below the suggestion only
 * for a challenge with no engine: with one, a tight memory limit is usually the lesson.
 */
export function limitWarnings(config: ChallengeConfig, suggestion: LimitSuggestion): string[] {
  const warnings: string[] = []
  const { slowest, peak } = suggestion
  const timed = `the slowest Accepted solution (${slowest.solution}) took ${formatMs(slowest.ms)} on a perf case`
  const judge = (field: 'cpuMs' | 'wallMs', unit: string, suggested: number, why: string, below = true) => {
    const limit = config.limits[field]
    if (below && limit < suggested)
      warnings.push(`limits.${field} is ${limit} ${unit}, below the suggested ${suggested} ${unit}: ${why}`)
    else if (limit > FAR_ABOVE * suggested)
      warnings.push(
        `limits.${field} is ${limit} ${unit}, far above the suggested ${suggested} ${unit} (over ${FAR_ABOVE}×): ${why}; a runaway solution runs that long before it is stopped`,
      )
  }
  if (!config.clock.startsWith('counter:')) {
    judge('cpuMs', 'ms', suggestion.cpuMs, `${timed}, ${TIME_HEADROOM}× that leaves room for a busy machine`)
    judge('wallMs', 'ms', suggestion.wallMs, `twice the suggested cpuMs`)
  }
  const pooled = POOLED_ENGINES.some((engine) => config.engines.includes(engine))
  if (!pooled) {
    const memoryWhy = `the highest metered peak (${peak.solution}) was ${peak.mb.toFixed(1)} MB, ${MEMORY_HEADROOM}× that leaves room for another input`
    const limit = config.limits.memoryMb
    if (config.engines.length === 0 && limit < suggestion.memoryMb)
      warnings.push(
        `limits.memoryMb is ${limit} MB, below the suggested ${suggestion.memoryMb} MB: ${memoryWhy}`,
      )
    else if (limit > FAR_ABOVE * suggestion.memoryMb)
      warnings.push(
        `limits.memoryMb is ${limit} MB, far above the suggested ${suggestion.memoryMb} MB (over ${FAR_ABOVE}×): ${memoryWhy}; a solution that holds everything in memory passes`,
      )
  }
  return warnings
}

function formatMs(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`
}
