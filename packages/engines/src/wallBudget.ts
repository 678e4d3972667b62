/**
 * The wall time a run has left, for the `timeout` of every call an engine makes into learner code.
 *
 * isolated-vm's `timeout` is wall time, not CPU (laverdet/isolated-vm#108): bounded by the CPU the run
 * had left, a call on a machine busier than its cores was stopped before it had used that CPU. The CPU
 * limit is held by the sandbox's watchdog (runProgram.ts: the kernel's thread clocks plus each engine's
 * `hostCpuNs`); these timeouts only keep a stuck call from outliving the run.
 */
export class WallBudget {
  private readonly startedAt = performance.now()

  constructor(private readonly wallMs: number) {}

  /** Milliseconds left, at least 1 (isolated-vm reads 0 as no timeout at all). */
  leftMs(): number {
    return Math.max(1, Math.ceil(this.wallMs - (performance.now() - this.startedAt)))
  }
}
