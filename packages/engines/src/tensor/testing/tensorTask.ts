// Task module for the tensor engine's own tests (runs in a sandbox child): one run of plain JavaScript
// with the tensor engine installed, then the engine disposed, as the grader does.
import { type IsolateLimits, type ProgramRun, runProgram } from '@arena/sandbox'
import type { EngineCounters } from '../../EngineInstance.ts'
import { acquireGpu } from '../../webgpu/gpuDevice.ts'
import { createTensorEngine } from '../TensorEngine.ts'

export interface TensorPayload {
  /** Module body: assigns `exports.solve`; `tensor`, `Tensor` and `TensorError` are in scope. */
  code: string
  inputs: unknown[]
  /** `cpu`, or `gpu` for this machine's adapter (`gpu:<adapter>`). */
  backend: 'cpu' | 'gpu'
  limits?: Partial<IsolateLimits>
  /** Destroys the device this many ms into the run (a lost device, as a driver reset would). */
  loseDeviceAfterMs?: number
}

export interface TensorReport {
  run: ProgramRun
  counters: EngineCounters
  /** The device this child used (gpu runs): a reset replaces it. */
  deviceLabel?: string
}

const LIMITS = { cpuMs: 5000, wallMs: 10000, memoryMb: 64, outputBytes: 4096, resultBytes: 16 * 2 ** 20 }
const devices = new WeakMap<object, number>()
let deviceCount = 0

export async function runTensor(payload: TensorPayload): Promise<TensorReport> {
  const limits = { ...LIMITS, ...payload.limits }
  // The first line holds the prelude only, so errors keep the line numbers of `code` plus one.
  const program = {
    code: `var __mod = (() => { const exports = {}; const { tensor, Tensor, TensorError } = globalThis.__arena_engines.tensor;\n${payload.code}\nreturn exports })()`,
    filename: 'solution.js',
    globalName: '__mod',
    entry: 'solve',
  }
  let runnerClass = 'cpu'
  let deviceLabel: string | undefined
  if (payload.backend === 'gpu') {
    const gpu = await acquireGpu()
    runnerClass = gpu.runnerClass
    if (!devices.has(gpu.device)) devices.set(gpu.device, ++deviceCount)
    deviceLabel = `device ${devices.get(gpu.device)}`
  }
  const engine = createTensorEngine({
    limits: { ...limits, workers: 1, diskMb: 0 },
    program,
    scratchDir: '',
    runnerClass,
  })
  let lose: NodeJS.Timeout | undefined
  if (payload.loseDeviceAfterMs !== undefined) {
    const { device } = await acquireGpu()
    lose = setTimeout(() => device.destroy(), payload.loseDeviceAfterMs)
  }
  try {
    const run = await runProgram(program, payload.inputs, limits, [engine])
    return { run, counters: engine.counters(), deviceLabel }
  } finally {
    clearTimeout(lose)
    await engine.dispose()
  }
}
