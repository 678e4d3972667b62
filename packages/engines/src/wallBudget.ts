import { WALL_CEILING_FACTOR } from '@arena/sandbox'

/**
 * The wall time a run has left, for the `timeout` of every call an engine makes into learner code.
 *
 * isolated-vm's `timeout` is wall time, not CPU (laverdet/isolated-vm#108): bounded by the CPU the run
 * had left, a call on a machine busier than its cores was stopped before it had used that CPU. The CPU
 * limit is held by the sandbox's watchdog (runProgram.ts: the kernel's thread clocks plus each engine's
 * `hostCpuNs`), and the wall limit by its wall watchdog, which does not count time the run sat queued
 * for a core; these timeouts only keep a stuck call from outliving the run, so they run to the run's
 * ceiling (WALL_CEILING_FACTOR times its wall limit): at the plain limit, a pool task starved of a core
 * would end the run the watchdog gave that time back to.
 */
export class WallBudget {
  private readonly startedAt = performance.now()
  private readonly wallMs: number

  /** `runWallMs`: the run's wall limit (`IsolateLimits.wallMs`). */
  constructor(runWallMs: number) {
    this.wallMs = runWallMs * WALL_CEILING_FACTOR
  }

  /** Milliseconds left, at least 1 (isolated-vm reads 0 as no timeout at all). */
  leftMs(): number {
    return Math.max(1, Math.ceil(this.wallMs - (performance.now() - this.startedAt)))
  }
}
