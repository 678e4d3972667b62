import { availableParallelism } from 'node:os'
import type { GradableChallenge, GradeRequest, GradeResult } from '@arena/grader'
import type { Challenge } from '../types.ts'
import { largestCase } from './largestCase.ts'

/** A parallel challenge's reference should run at least this much faster on its workers than on one. */
export const MIN_PARALLEL_SPEEDUP = 1.6

/** How the reference of a challenge granting `pool` scales: all its workers against one. */
export interface ParallelSpeedup {
  /** Workers the reference ran on: the challenge's limit, capped by this machine's cores. */
  workers: number
  /** Median time of the reference on the largest perf case, with all workers and with one. */
  ns: number
  oneWorkerNs: number
  /** oneWorkerNs / ns */
  speedup: number
  /** 95% interval of the speedup, when both ran interleaved in one trial. */
  interval?: [number, number]
  /** speedup / workers: 1 is perfect scaling. */
  efficiency: number
}

/** Challenges whose reference can use more than one worker. */
export function grantsWorkers(challenge: Challenge): boolean {
  return challenge.config.engines.includes('pool') && challenge.config.limits.workers > 1
}

const POOL_IMPORT = /^import\s*\{\s*pool\s*\}\s*from\s*['"]arena:pool['"];?[ \t]*$/m

/**
 * The reference restricted to one worker: its `pool` import becomes a pool of size 1 whose jobs ask for
 * `workers: 1` (on one line, so the reference's line numbers stay). Undefined when the reference does
 * not import `pool` plainly.
 */
export function oneWorkerSource(reference: string): string | undefined {
  if (!POOL_IMPORT.test(reference)) return undefined
  const one =
    'const pool = ((all: any) => ({ size: 1, ' +
    'map: (w: string, t: unknown[], o?: object) => all.map(w, t, { ...o, workers: 1 }), ' +
    'mapArray: (w: string, a: unknown, c: number, o?: object) => all.mapArray(w, a, c, { ...o, workers: 1 }) ' +
    '}))((globalThis as any).__arena_engines.pool.pool)'
  return reference.replace(POOL_IMPORT, one)
}

/**
 * The reference on one worker against the reference on all: graded as a submission against the real
 * reference, so the grader's trial interleaves the two on the same inputs and gives an interval
 * (speedup = 1 / ratio). A reference that does not import `pool` plainly is graded again with
 * `workers: 1` instead, and the two gradings' medians compared.
 */
export async function measureParallelSpeedup(
  grader: { grade(request: GradeRequest): Promise<GradeResult> },
  challenge: GradableChallenge,
  referenceResult: GradeResult,
  request: Omit<GradeRequest, 'challenge' | 'mode'>,
): Promise<ParallelSpeedup | { error: string }> {
  const workers =
    referenceResult.metrics?.counters?.workers ?? Math.min(challenge.limits.workers, availableParallelism())
  const restricted = oneWorkerSource(request.source)
  if (restricted) {
    const graded = await grader.grade({ ...request, source: restricted, challenge, mode: 'full' })
    const largest = largestCase(graded.perf)
    if (graded.status !== 'Accepted' || !largest) return notMeasured(graded)
    const speedup = 1 / largest.ratio
    return {
      workers,
      ns: largest.reference.medianNs,
      oneWorkerNs: largest.submission.medianNs,
      speedup,
      interval: [1 / largest.interval[1], 1 / largest.interval[0]],
      efficiency: speedup / workers,
    }
  }
  const oneWorker = await grader.grade({
    ...request,
    challenge: { ...challenge, limits: { ...challenge.limits, workers: 1 } },
    mode: 'full',
  })
  const all = largestCase(referenceResult.perf)
  const one = largestCase(oneWorker.perf)
  if (oneWorker.status !== 'Accepted' || !all || !one) return notMeasured(oneWorker)
  const ns = (all.submission.medianNs + all.reference.medianNs) / 2
  const oneWorkerNs = (one.submission.medianNs + one.reference.medianNs) / 2
  const speedup = oneWorkerNs / ns
  return { workers, ns, oneWorkerNs, speedup, efficiency: speedup / workers }
}

function notMeasured(result: GradeResult): { error: string } {
  return { error: `the reference on one worker: ${result.status} ${result.message ?? ''}`.trim() }
}
