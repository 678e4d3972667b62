// Task module used by the sandbox's own tests: runs plain JavaScript through runProgram.
import ivm from 'isolated-vm'
import type { IsolateExtension, IsolateLimits, RunOptions } from '../isolate/limits.ts'
import { runProgram } from '../isolate/runProgram.ts'

export interface FixturePayload {
  code: string
  inputs: unknown[]
  limits?: Partial<IsolateLimits>
  entry?: string
  /** Runs with a synchronous extension, so the entry is called with applySync (the disk engine's way). */
  synchronous?: boolean
  /**
   * Installs an engine `spin` whose `__arena_engines.spin.spin(ms)` busy-waits ON THE HOST and reports
   * that time through hostCpuNs: host work done on the guest's behalf (a tensor op, a shuffle).
   */
  hostSpinEngine?: boolean
  /** Passed to runProgram (a profiled call). */
  options?: RunOptions
  /**
   * Installs an engine that, after each call, leaves the isolate an endless piece of work to run (as
   * a task V8 queued for later would: isolated-vm runs such tasks whenever the isolate next runs).
   */
  lateWork?: boolean
}

function lateWorkEngine(): IsolateExtension {
  let target: ivm.Context | undefined
  return {
    name: 'late-work',
    async install({ context }) {
      target = context
    },
    afterCall() {
      // Queued once the call's result is on its way out (the host awaits its copy next), so it runs
      // after the copy and before the run's own last reads of the isolate.
      queueMicrotask(() => void target?.eval('for (;;) {}').catch(() => undefined))
    },
  }
}

function hostSpinEngine(): IsolateExtension {
  let spentNs = 0
  return {
    name: 'spin',
    hostCpuNs: () => spentNs,
    async install({ context }) {
      const spin = new ivm.Callback((ms: number) => {
        const start = process.hrtime.bigint()
        while (Number(process.hrtime.bigint() - start) < ms * 1e6) {}
        spentNs += Number(process.hrtime.bigint() - start)
      })
      await context.evalClosure('globalThis.__arena_engines.spin = { spin: (ms) => $0(ms) }', [spin])
    },
  }
}

export const DEFAULT_TEST_LIMITS: IsolateLimits = {
  cpuMs: 1000,
  wallMs: 2000,
  memoryMb: 128,
  outputBytes: 4096,
  resultBytes: 16 * 2 ** 20,
}

export async function run(payload: FixturePayload) {
  const program = {
    code: `var __mod = (() => { const exports = {}; ${payload.code}; return exports })()`,
    filename: 'solution.js',
    globalName: '__mod',
    entry: payload.entry ?? 'solve',
  }
  const extensions: IsolateExtension[] = payload.synchronous
    ? [{ name: 'sync-fixture', synchronous: true, install: async () => {} }]
    : []
  if (payload.hostSpinEngine) extensions.push(hostSpinEngine())
  if (payload.lateWork) extensions.push(lateWorkEngine())
  return runProgram(
    program,
    payload.inputs,
    { ...DEFAULT_TEST_LIMITS, ...payload.limits },
    extensions,
    payload.options,
  )
}

/** Behaves like a child that crashes or hangs outside any isolate. */
export function crash(): never {
  process.abort()
}

export function hang(): Promise<never> {
  return new Promise(() => {
    for (;;) {}
  })
}

/** Memory the isolates never see: a Buffer in the child itself, held for `holdMs`. */
export async function hog(payload: { mb: number; holdMs: number }): Promise<number> {
  const kept = Buffer.alloc(payload.mb * 2 ** 20, 1)
  await new Promise((resolve) => setTimeout(resolve, payload.holdMs))
  return kept.length
}

const leaked: Buffer[] = []
/** Leaves `mb` held in the child after the task: what a run that leaks looks like to the pool. */
export function leak(payload: { mb: number }): number {
  leaked.push(Buffer.alloc(payload.mb * 2 ** 20, 1))
  return process.pid
}

export function pid(): number {
  return process.pid
}

/** What a sample of V8's profiler arriving after the profiler stopped does to the child. */
export async function lateProfilerSample(): Promise<number> {
  process.kill(process.pid, 'SIGPROF')
  await new Promise((resolve) => setTimeout(resolve, 50))
  return process.pid
}

/** The V8 and Node flags the child was started with. */
export function execArgv(): string[] {
  return process.execArgv
}

let bumps = 0
/** Counts its calls in this module's state: shared by every task module of a child that imports it. */
export function bump(): number {
  return ++bumps
}

/** The script the child was started from. */
export function mainScript(): string {
  return process.argv[1] ?? ''
}
