// Task module used by the sandbox's own tests: runs plain JavaScript through runProgram.
import type { IsolateLimits } from '../isolate/limits.ts'
import { runProgram } from '../isolate/runProgram.ts'

export interface FixturePayload {
  code: string
  inputs: unknown[]
  limits?: Partial<IsolateLimits>
  entry?: string
  /** Runs with a synchronous extension, so the entry is called with applySync (the disk engine's way). */
  synchronous?: boolean
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
  const extensions = payload.synchronous
    ? [{ name: 'sync-fixture', synchronous: true, install: async () => {} }]
    : []
  return runProgram(program, payload.inputs, { ...DEFAULT_TEST_LIMITS, ...payload.limits }, extensions)
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
