import type { GradeResult } from '@arena/grader'
import type { ChallengeConfig } from '../schema.ts'

const MIB = 2 ** 20

/**
 * Why the reference breaks its challenge's stated memory cap, if it does. The metered peak (V8 heap in
 * use + ArrayBuffers, see @arena/sandbox's meteredBytes) is what `limits.memoryMb` states and the
 * statement quotes; isolated-vm lets a run go a little past the limit (V8's young generation is
 * allowed on top), so a reference can be Accepted at a peak the statement says is impossible. A
 * learner would then read "8 MB" and need 9: the pack test fails it. A pool, mapreduce or dataset
 * run's peak sums the main isolate and its workers, each with a share of the limit (see capOf).
 */
export function memoryCapProblem(result: GradeResult, config: ChallengeConfig): string | undefined {
  const peak = peakOf(result)
  const cap = capOf(config)
  if (peak <= cap * MIB) return undefined
  const pooled =
    cap === config.limits.memoryMb
      ? ''
      : ` (the main isolate's ${config.limits.memoryMb} MB and the workers' shares)`
  return `the reference's metered memory peaked at ${(peak / MIB).toFixed(2)} MB, above the stated cap of ${cap} MB${pooled} (limits.memoryMb): raise the cap (and the statement's figure) or make the reference fit`
}

/** Engines that run worker isolates of their own, each with its share of the memory limit. */
export const POOLED_ENGINES = ['pool', 'mapreduce', 'dataset'] as const

/**
 * The most a run may hold, in MB: `memoryMb`; with the pool, mapreduce or dataset engine (whose
 * workers are pool workers: MapReduceEngine and DatasetEngine extend PoolEngine, and the run's peak
 * sums them the same way), plus each worker's share as the engine gives it (packages/engines
 * PoolEngine workerMemoryMb: memoryMb / workers, at least 8 MB).
 */
export function capOf(config: ChallengeConfig): number {
  if (!POOLED_ENGINES.some((engine) => config.engines.includes(engine))) return config.limits.memoryMb
  const workers = Math.max(1, config.limits.workers)
  return config.limits.memoryMb + workers * Math.max(8, Math.floor(config.limits.memoryMb / workers))
}

/** The highest metered peak anywhere in the result: tests shown in full, the trial's cases, the run. */
export function peakOf(result: GradeResult): number {
  const peaks = [
    result.metrics?.peakBytes ?? 0,
    ...result.tests.map((test) => test.metrics?.peakBytes ?? 0),
    ...(result.perf?.cases ?? []).flatMap((perfCase) => [
      perfCase.submission.peakBytes,
      perfCase.reference.peakBytes,
    ]),
  ]
  return Math.max(...peaks)
}
