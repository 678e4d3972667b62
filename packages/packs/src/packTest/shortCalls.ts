import type { GradeResult } from '@arena/grader'
import type { ChallengeConfig } from '../schema.ts'

/**
 * Below this, a timed call is timed unsteadily: selfGold graded a 1 ms reference against itself and
 * read silver 3 times in 12, its rounds running 1.0-9 ms for the same code (the moment V8 tiers the
 * loop up, a concurrent compile, the machine's load). The shipped challenges time tens of milliseconds.
 */
export const SHORT_CALL_NS = 1_000_000
/** What a raised size should reach, so that a faster machine still clears SHORT_CALL_NS. */
const TARGET_CALL_NS = 5_000_000

/**
 * Perf cases whose reference call is too short to time steadily (issue 16): a warning per case with
 * its measured time and how much larger the size should be. Only for the cpu and wall clocks: an
 * engine's counter clock (GPU kernel time) is measured by the device, not by the host's scheduler.
 */
export function shortCallWarnings(result: GradeResult, config: ChallengeConfig): string[] {
  if (config.clock !== 'cpu' && config.clock !== 'wall') return []
  return (result.perf?.cases ?? []).flatMap((perfCase) => {
    const ns = perfCase.reference.medianNs
    if (!(ns > 0) || ns >= SHORT_CALL_NS) return []
    const factor = Math.ceil(TARGET_CALL_NS / ns)
    return [
      `perf case "${perfCase.name}": the reference's timed call takes ${(ns / 1e6).toFixed(2)} ms; calls under ${SHORT_CALL_NS / 1e6} ms are timed unsteadily (the same code can read 1 to 9 ms from round to round), so scores there are noise: make the input about ${factor}× larger, for a call of ${TARGET_CALL_NS / 1e6} ms or more`,
    ]
  })
}
