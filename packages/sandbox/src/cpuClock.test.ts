// The clocks that score learners count CPU, never time spent waiting for a busy CPU: the addon is
// built with its thread CPU clock (packages/sandbox/scripts/threadCpuClock.mjs) and a call's time is
// read once the isolate's thread has let go of it (settledCpuNs).
import { type ChildProcess, spawn } from 'node:child_process'
import ivm from 'isolated-vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runProgram } from './isolate/runProgram.ts'
import { DEFAULT_TEST_LIMITS } from './testing/fixtureTask.ts'

describe("isolated-vm's CPU clock", () => {
  it('does not count a thread that sleeps (the addon has its thread CPU clock: npm run postinstall)', () => {
    const isolate = new ivm.Isolate({ memoryLimit: 32 })
    try {
      const context = isolate.createContextSync()
      const before = Number(isolate.cpuTime)
      const started = performance.now()
      context.evalSync('Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300)')
      const wallMs = performance.now() - started
      const cpuMs = (Number(isolate.cpuTime) - before) / 1e6
      expect(wallMs).toBeGreaterThanOrEqual(290)
      expect(
        cpuMs,
        'isolate.cpuTime counted a 300 ms sleep: the addon was built without its thread CPU clock',
      ).toBeLessThan(50)
    } finally {
      isolate.dispose()
    }
  })
})

describe('a call on a machine busier than its cores', () => {
  // More busy processes than this machine has cores: the isolate's thread waits for the CPU often.
  const competitors: ChildProcess[] = []
  beforeAll(() => {
    for (let i = 0; i < 3; i++)
      competitors.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }))
  })
  afterAll(() => {
    for (const child of competitors) child.kill('SIGKILL')
  })

  it("is timed by the CPU it used: each call's cpuNs within this process's CPU over the run", async () => {
    const spin = `exports.solve = (n) => { let x = 1; for (let i = 0; i < n; i++) x = (Math.imul(x, 1103515245) + 12345) | 0; return x }`
    const cpuBefore = process.cpuUsage()
    const wallBefore = performance.now()
    const run = await runProgram(
      {
        code: `var __mod = (() => { const exports = {}; ${spin}; return exports })()`,
        filename: 'solution.js',
        globalName: '__mod',
        entry: 'solve',
      },
      [30_000_000, 30_000_000, 30_000_000],
      { ...DEFAULT_TEST_LIMITS, cpuMs: 20_000, wallMs: 60_000 },
    )
    const wallMs = performance.now() - wallBefore
    const used = process.cpuUsage(cpuBefore)
    const processCpuMs = (used.user + used.system) / 1000
    expect(run.outcome.status).toBe('ok')
    const callsMs = run.calls.reduce((sum, call) => sum + call.cpuNs / 1e6, 0)
    // The calls' CPU is part of this process's CPU; a clock that counted waiting reads far above it.
    expect(
      callsMs,
      `calls ${callsMs.toFixed(0)} ms, process CPU ${processCpuMs.toFixed(0)} ms, wall ${wallMs.toFixed(0)} ms`,
    ).toBeLessThanOrEqual(processCpuMs * 1.05 + 5)
    expect(callsMs).toBeGreaterThan(processCpuMs * 0.5)
  })

  it('stops a call by the CPU it used, not by the wall time a busy machine took to give it', async () => {
    // isolated-vm's `timeout` is wall time: bounded by the CPU left, this honest call was stopped at
    // wall = limit while it had used a third of it. Three more loops: this process gets ~2/7 of a core.
    const more = Array.from({ length: 3 }, () =>
      spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
    )
    try {
      const spin = `exports.solve = (n) => { let x = 1; for (let i = 0; i < n; i++) x = (Math.imul(x, 1103515245) + 12345) | 0; return x }`
      const program = {
        code: `var __mod = (() => { const exports = {}; ${spin}; return exports })()`,
        filename: 'solution.js',
        globalName: '__mod',
        entry: 'solve',
      }
      const iterations = 150_000_000
      const measured = await runProgram(program, [iterations], {
        ...DEFAULT_TEST_LIMITS,
        cpuMs: 20_000,
        wallMs: 60_000,
      })
      expect(measured.outcome.status).toBe('ok')
      const callCpuMs = (measured.calls[0]?.cpuNs ?? 0) / 1e6
      const cpuMs = Math.ceil(callCpuMs * 1.6 + 30)
      const run = await runProgram(program, [iterations], { ...DEFAULT_TEST_LIMITS, cpuMs, wallMs: 60_000 })
      const call = run.calls[0]
      const said = `a call of ${callCpuMs.toFixed(0)} ms of CPU under a limit of ${cpuMs} ms: ${run.outcome.status} ${'message' in run.outcome ? run.outcome.message : ''}, ${((call?.wallNs ?? run.wallNs) / 1e6).toFixed(0)} ms wall`
      expect(run.outcome.status, said).toBe('ok')
      // The machine was busy enough to matter: the call took longer than its CPU limit.
      expect(call && call.wallNs / 1e6, said).toBeGreaterThan(cpuMs)
    } finally {
      for (const child of more) child.kill('SIGKILL')
    }
  })

  it('reads every call of a run as positive and no more than its wall time, big inputs and all', async () => {
    // A 16 MB input copied in before each call leaves the isolate work that isolated-vm's own clock
    // put on either side of the call: readings of -44 ms, 0 and above the wall time were seen.
    const sum = `exports.solve = (a) => { let s = 0; for (let r = 0; r < 8; r++) for (let i = 0; i < a.length; i++) s += a[i]; return s }`
    const inputs = Array.from({ length: 24 }, (_, index) => new Float64Array(2_000_000).fill(index))
    const run = await runProgram(
      {
        code: `var __mod = (() => { const exports = {}; ${sum}; return exports })()`,
        filename: 'solution.js',
        globalName: '__mod',
        entry: 'solve',
      },
      inputs,
      { ...DEFAULT_TEST_LIMITS, cpuMs: 30_000, wallMs: 120_000, memoryMb: 256 },
    )
    expect(run.outcome.status).toBe('ok')
    for (const [index, call] of run.calls.entries()) {
      const readMs = `call ${index}: ${(call.cpuNs / 1e6).toFixed(2)} ms of CPU in ${(call.wallNs / 1e6).toFixed(2)} ms`
      expect(call.cpuNs, readMs).toBeGreaterThan(0)
      expect(call.cpuNs, readMs).toBeLessThanOrEqual(call.wallNs * 1.02 + 1e6)
    }
  })
})
