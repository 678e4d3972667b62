import type { PerfCaseResult, PerfResult } from '@arena/grader'

/**
 * The perf case with the largest input: where an algorithmic difference shows most. Cases are listed
 * smallest first (the pack schema checks plain sizes; named parameters cannot be ordered), so the last.
 */
export function largestCase(perf: PerfResult | undefined): PerfCaseResult | undefined {
  return perf?.cases.at(-1)
}
