import { expect } from 'vitest'
import type { GradeResult } from '../types.ts'

/**
 * A route around the clock (or the lesson) loses: Accepted, its measured score below bronze's line,
 * and bronze. On a machine too busy to tell (CPU times still move when the other hyperthread or the
 * memory bus is busy; before the clocks counted CPU, a mapreduce reference read 2.3x its quiet value
 * beside another test file's memory bombs), the trial's own rule applies and says so: a tier given
 * within the noise (`withinNoise`, the upper tier the interval reaches) is never gold, and a
 * measurement marked `noisy` is graded again by the runner and rates nothing; the score still counts.
 */
export function expectBronze(result: GradeResult): void {
  expect(result.status).toBe('Accepted')
  const perf = result.perf
  expect(perf?.score ?? 10, JSON.stringify(perf?.interval)).toBeLessThan(0.5)
  if (perf?.noisy) return
  if (perf?.withinNoise) expect(perf.tier).not.toBe('gold')
  else expect(perf?.tier).toBe('bronze')
}
