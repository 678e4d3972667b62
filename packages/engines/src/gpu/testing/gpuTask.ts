// Task module for the gpu engine's own tests (runs in a sandbox child): one run of plain JavaScript with
// the gpu engine installed, then the engine disposed, as the grader does.
import { type IsolateLimits, isProcessTainted, type ProgramRun, runProgram } from '@arena/sandbox'
import type { EngineCounters } from '../../EngineInstance.ts'
import { acquireGpu } from '../../webgpu/gpuDevice.ts'
import { createGpuEngine } from '../index.ts'

export interface GpuPayload {
  /** Module body: assigns `exports.solve`; `gpu` is in scope. */
  code: string
  inputs: unknown[]
  limits?: Partial<IsolateLimits>
  /** Destroys the process's device this long after the run starts (a device lost mid-run). */
  loseDeviceAfterMs?: number
}

export interface GpuReport {
  run: ProgramRun
  counters: EngineCounters
  /** The engine's host work charged to the run (compiles included), and the child's CPU over the run, in ms. */
  engineHostMs: number
  processCpuMs: number
  /** Whether the child will be replaced after this task (a kernel was left running). */
  tainted: boolean
  pid: number
}

const LIMITS = { cpuMs: 2000, wallMs: 4000, memoryMb: 64, outputBytes: 4096, resultBytes: 16 * 2 ** 20 }

export async function runGpu(payload: GpuPayload): Promise<GpuReport> {
  const limits = { ...LIMITS, ...payload.limits }
  // The first line holds the prelude only, so errors keep the line numbers of `code` plus one.
  const program = {
    code: `var __mod = (() => { const exports = {}; const { gpu } = globalThis.__arena_engines.gpu;\n${payload.code}\nreturn exports })()`,
    filename: 'solution.js',
    globalName: '__mod',
    entry: 'solve',
  }
  const engine = createGpuEngine({
    limits: { ...limits, workers: 1, diskMb: 0 },
    program,
    scratchDir: '',
    runnerClass: 'gpu',
  })
  if (payload.loseDeviceAfterMs !== undefined) {
    const { device } = await acquireGpu()
    setTimeout(() => device.destroy(), payload.loseDeviceAfterMs)
  }
  let run: ProgramRun
  const cpuBefore = process.cpuUsage()
  try {
    run = await runProgram(program, payload.inputs, limits, [engine])
  } finally {
    await engine.dispose()
  }
  const cpu = process.cpuUsage(cpuBefore)
  return {
    run,
    counters: engine.counters(),
    engineHostMs: (engine.hostCpuNs?.() ?? 0) / 1e6,
    processCpuMs: (cpu.user + cpu.system) / 1000,
    tainted: isProcessTainted(),
    pid: process.pid,
  }
}
