import type { PerfCaseResult, PerfResult } from '@arena/grader'

/** The perf case with the largest input: where an algorithmic difference shows most. */
export function largestCase(perf: PerfResult | undefined): PerfCaseResult | undefined {
  let largest: PerfCaseResult | undefined
  for (const perfCase of perf?.cases ?? []) {
    if (!largest || perfCase.size > largest.size) largest = perfCase
  }
  return largest
}
