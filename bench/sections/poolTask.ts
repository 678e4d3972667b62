// Sandbox-child task of the pool bench: one run of a compiled program with the pool engine, as the
// grader runs it (fresh isolate, warm-up call, timed call, engine disposed).

import { createPoolEngine } from '@arena/engines'
import { type IsolateProgram, runProgram } from '@arena/sandbox'

export interface PoolBenchRun {
  program: IsolateProgram
  inputs: unknown[]
  workers: number
}

const LIMITS = { cpuMs: 60_000, wallMs: 60_000, memoryMb: 256, outputBytes: 4096, resultBytes: 2 ** 26 }

/** Wall ns of the last call, or throws the run's failure. */
export async function timeRun(task: PoolBenchRun): Promise<{ wallNs: number; tasks: number }> {
  const engine = createPoolEngine({
    limits: { ...LIMITS, workers: task.workers, diskMb: 0 },
    program: task.program,
    scratchDir: '',
    runnerClass: 'cpu',
  })
  try {
    const run = await runProgram(task.program, task.inputs, LIMITS, [engine])
    if (run.outcome.status !== 'ok') throw new Error(`${run.outcome.status}: ${run.outcome.message}`)
    return { wallNs: run.calls.at(-1)?.wallNs ?? 0, tasks: engine.counters().tasks ?? 0 }
  } finally {
    await engine.dispose()
  }
}
