// Test support for the wall limit on a machine busier than its cores (starvedWall.test.ts here and
// poolStarved.test.ts in @arena/engines): this process and the sandbox children it starts afterwards
// share one core with busy loops, and a run's work is sized until it is starved past its wall limit.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { expect } from 'vitest'
import { WALL_CEILING_FACTOR } from '../isolate/limits.ts'

/** Pins this process to core 0: the sandbox children it starts afterwards inherit the affinity. */
export function pinToOneCore(): void {
  execFileSync('taskset', ['-p', '-c', '0', String(process.pid)], { stdio: 'ignore' })
}

/** `count` busy loops on core 0; kill them when done. */
export function busyLoopsOnTheCore(count: number): ChildProcess[] {
  return Array.from({ length: count }, () =>
    spawn('taskset', ['-c', '0', process.execPath, '-e', 'for (;;) {}'], { stdio: 'ignore' }),
  )
}

export interface StarvedAttempt {
  outcome: { status: string }
  /** The call's wall time, or the run's when it was stopped. */
  wallNs: number
}

/**
 * Runs `attempt` with a CPU need of a quarter of `wallMs`, then more or less, until a run was starved
 * past its wall limit: `proved` when it was Accepted there (the time queued was given back). How starved
 * a run is depends on the rest of the machine too (other tests on this core), so the work is doubled
 * when the run was not starved past the limit and halved when load from outside starved it past its
 * ceiling. A run stopped before its ceiling fails the test at once: the wall limit counted time it sat
 * queued for a core.
 */
export async function starvedPastTheLimit(
  wallMs: number,
  attempt: (cpuMs: number) => Promise<StarvedAttempt>,
): Promise<{ proved: boolean; tried: string }> {
  const tried: string[] = []
  let cpuMs = wallMs / 4
  for (let round = 0; round < 5; round++) {
    const { outcome, wallNs } = await attempt(cpuMs)
    tried.push(`${outcome.status} after ${(wallNs / 1e6).toFixed(0)} ms with ${cpuMs.toFixed(0)} ms of CPU`)
    if (outcome.status === 'ok' && wallNs > wallMs * 1e6) return { proved: true, tried: tried.join('; ') }
    if (outcome.status === 'ok') {
      cpuMs = Math.min(0.8 * wallMs, 2 * cpuMs)
      continue
    }
    expect(wallNs / 1e6, tried.join('; ')).toBeGreaterThanOrEqual(0.95 * WALL_CEILING_FACTOR * wallMs)
    cpuMs /= 2
  }
  return { proved: false, tried: tried.join('; ') }
}
