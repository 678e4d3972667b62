// issue 14 at the runProgram level: the call's clocks hold all of its work (the result is read inside
// the call), memory outside the isolate's limit is unreachable, every string that leaves is bounded,
// and engines' host work counts against the CPU limit.
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { classifyError, ProcessPool, SourcePositions } from './index.ts'
import type { ProgramRun } from './isolate/outcome.ts'
import { runProgram } from './isolate/runProgram.ts'
import { DEFAULT_TEST_LIMITS, type FixturePayload } from './testing/fixtureTask.ts'

const FIXTURE = fileURLToPath(new URL('./testing/fixtureTask.ts', import.meta.url))
const pool = new ProcessPool({ size: 1 })
afterAll(() => pool.close())

async function run(payload: FixturePayload): Promise<ProgramRun> {
  const outcome = await pool.run<ProgramRun>({ module: FIXTURE, fn: 'run', payload, deadlineMs: 30_000 })
  if (outcome.kind !== 'done') throw new Error(`task ended ${outcome.kind}`)
  return outcome.value
}

const ENDLESS = 'for (;;) {}'

describe('the result is read inside the call, on its clocks', () => {
  it.each([
    ['a getter', `return { get total() { ${ENDLESS} } }`],
    ['a proxy', `return new Proxy({}, { ownKeys() { ${ENDLESS} } })`],
    [
      'an array index getter',
      `const a = [0]; Object.defineProperty(a, 0, { get() { ${ENDLESS} }, enumerable: true }); return a`,
    ],
    ['a lazy Map', `const m = new Map([[1, 0]]); return new Proxy(m, { get() { ${ENDLESS} } })`],
    ['an awaited getter', `await null; return { get total() { ${ENDLESS} } }`],
    ['a then getter', `return { get then() { ${ENDLESS} } }`],
  ])('endless work in %s ends in TimeLimit by CPU, not by the wall clock', async (_, body) => {
    const result = await run({
      code: `exports.solve = async () => { ${body} }`.replace('async () => { return', '() => { return'),
      inputs: [0],
      limits: { cpuMs: 300, wallMs: 10_000 },
    })
    expect(result.outcome).toMatchObject({
      status: 'TimeLimit',
      message: expect.stringMatching(/CPU time while calling solve/),
    })
  })

  it('reads each getter once, inside the call, and returns plain data', async () => {
    const result = await run({
      code: `let reads = 0
        class Lazy { constructor() { this.rows = [1, 2] } get hidden() { return 'not copied' } }
        exports.solve = () => ({ get reads() { return ++reads }, lazy: new Lazy(), again: () => reads })
        exports.solve = ((solve) => (x) => { const r = solve(x); delete r.again; return r })(exports.solve)`,
      inputs: [0, 0],
    })
    expect(result.outcome).toEqual({ status: 'ok' })
    expect(result.outputs).toEqual([
      { reads: 1, lazy: { rows: [1, 2] } },
      { reads: 2, lazy: { rows: [1, 2] } },
    ])
  })

  it('patching Promise.prototype.then or Object.prototype.then cannot swap the result for a lazy one', async () => {
    const patchedThen = await run({
      code: `Promise.prototype.then = function () { return { get x() { ${ENDLESS} } } }
        exports.solve = async (x) => x + 1`,
      inputs: [4],
    })
    expect(patchedThen.outcome).toEqual({ status: 'ok' })
    expect(patchedThen.outputs).toEqual([5])
    const thenable = await run({
      code: `Object.prototype.then = function (resolve) { resolve({ get x() { ${ENDLESS} } }) }
        exports.solve = () => [1]`,
      inputs: [0],
      limits: { cpuMs: 300, wallMs: 10_000 },
    })
    // The learner's own then runs inside the call (its getter is read there, on the CPU clock).
    expect(thenable.outcome).toMatchObject({
      status: 'TimeLimit',
      message: expect.stringMatching(/CPU time/),
    })
  })

  it('a value that cannot be copied is a RuntimeError naming the return value and the path', async () => {
    const result = await run({ code: 'exports.solve = () => ({ rows: [0, () => 1] })', inputs: [0] })
    expect(result.outcome).toMatchObject({
      status: 'RuntimeError',
      message: expect.stringMatching(
        /the value returned by solve, at \.rows\[1\]: a function cannot be copied/,
      ),
    })
  })

  it('a result that would expand when copied out (20 references to one 100 MB string) fails inside the isolate; the child keeps working', async () => {
    const result = await run({
      code: "exports.solve = () => { const s = 'x'.repeat(1e8); return new Array(20).fill(s) }",
      inputs: [0],
      limits: { memoryMb: 256, cpuMs: 5000, wallMs: 10_000 },
    })
    expect(result.outcome).toMatchObject({
      status: 'RuntimeError',
      message: expect.stringMatching(/the value returned by solve is larger than 16 MB/),
    })
    const after = await run({ code: 'exports.solve = () => 3', inputs: [0] })
    expect(after.outputs).toEqual([3])
  })

  it('so does one 15 MB BigInt returned 200 times (a BigInt was counted 16 bytes: 3 GB crossed to the host)', async () => {
    const result = await run({
      code: 'exports.solve = () => { const big = (1n << 120000000n) - 1n; return new Array(200).fill(big) }',
      inputs: [0],
      limits: { memoryMb: 256, resultBytes: 128 * 2 ** 20, cpuMs: 10_000, wallMs: 20_000 },
    })
    expect(result.outcome).toMatchObject({
      status: 'RuntimeError',
      message: expect.stringMatching(/the value returned by solve is larger than 128 MB/),
    })
    const small = await run({ code: 'exports.solve = () => [1n, -(2n ** 200n)]', inputs: [0] })
    expect(small.outputs).toEqual([[1n, -(2n ** 200n)]])
  })
})

// V8 runs FinalizationRegistry callbacks and Atomics.waitAsync reactions as platform tasks, which
// isolated-vm runs whenever the isolate next runs anything: outside the call that caused them.
describe('no learner code runs outside a call', () => {
  it('a FinalizationRegistry callback cannot work between calls, on no clock: it is not available', async () => {
    const result = await run({
      code: `let late = ''
        const registry = new FinalizationRegistry(() => { let s = 0; for (let i = 0; i < 3e8; i++) s += i; late = 'late' })
        exports.solve = (x) => { if (x === 1) { for (let i = 0; i < 1e4; i++) registry.register({ i }, i); const junk = []; for (let i = 0; i < 3e5; i++) junk.push({ i }) } return [x, late] }`,
      inputs: [1, 2],
      limits: { cpuMs: 5000, wallMs: 8000 },
    })
    expect(result.outcome).toMatchObject({
      status: 'RuntimeError',
      message: expect.stringMatching(/FinalizationRegistry is not available in the arena/),
    })
  })

  it.each([
    // Reacting after the call: an endless reaction held the child until the pool killed it.
    [
      'woken by notify',
      'Atomics.waitAsync(cell, 0, 0).value.then(() => { for (;;) {} }); Atomics.notify(cell, 0)',
    ],
    // A timeout is posted with PostNonNestableDelayedTask, which isolated-vm answers with std::terminate.
    ['with a timeout', 'Atomics.waitAsync(cell, 0, 0, 5)'],
  ])('Atomics.waitAsync %s: a RuntimeError, not a child held or aborted', async (_, body) => {
    const result = await run({
      code: `const cell = new Int32Array(new SharedArrayBuffer(4)); exports.solve = (x) => { ${body}; return x }`,
      inputs: [1, 2],
    })
    expect(result.outcome).toMatchObject({
      status: 'RuntimeError',
      message: expect.stringMatching(/Atomics.waitAsync is not available in the arena/),
    })
  })
})

describe('memory outside the limit is unreachable', () => {
  it.each([
    [
      'WebAssembly.Memory',
      'new WebAssembly.Memory({ initial: 1, maximum: 65536 }).grow(16000)',
      /WebAssembly is not available in the arena/,
    ],
    [
      'WebAssembly via Function',
      "Function('return this')()['Web' + 'Assembly'].Memory",
      /WebAssembly is not available/,
    ],
    [
      'WebAssembly via a descriptor',
      "Object.getOwnPropertyDescriptor(globalThis, 'WebAssembly').get()",
      /WebAssembly is not available/,
    ],
    [
      'a resizable ArrayBuffer',
      'new ArrayBuffer(1, { maxByteLength: 1 << 30 })',
      /maxByteLength.*not available/,
    ],
    [
      'a growable SharedArrayBuffer',
      'new SharedArrayBuffer(1, { maxByteLength: 1 << 30 })',
      /maxByteLength.*not available/,
    ],
  ])('%s: a RuntimeError that says it is not available', async (_, expression, message) => {
    const inCall = await run({ code: `exports.solve = () => { ${expression}; return 0 }`, inputs: [0] })
    expect(inCall.outcome).toMatchObject({ status: 'RuntimeError', message: expect.stringMatching(message) })
    const atModule = await run({ code: `${expression}; exports.solve = () => 0`, inputs: [0] })
    expect(atModule.outcome).toMatchObject({
      status: 'RuntimeError',
      message: expect.stringMatching(message),
    })
  })

  it('the reported peak counts a SharedArrayBuffer the run held, and a materialized copy of the result', async () => {
    const shared = await run({
      code: 'exports.solve = () => { const s = new Uint8Array(new SharedArrayBuffer(64 * 2 ** 20)); s.fill(1); return s[5] }',
      inputs: [0],
      // Touching 64 MiB takes a loaded machine over a second: the test is about the peak, not time.
      limits: { cpuMs: 10_000, wallMs: 20_000 },
    })
    expect(shared.outcome).toEqual({ status: 'ok' })
    expect(shared.peakBytes).toBeGreaterThanOrEqual(64 * 2 ** 20)
    const copied = await run({
      code: 'exports.solve = () => Array.from({ length: 2 ** 20 }, (_, i) => i)',
      inputs: [0],
      limits: { resultBytes: 32 * 2 ** 20, cpuMs: 10_000, wallMs: 20_000 },
    })
    expect(copied.outcome).toEqual({ status: 'ok' })
    // The array (8 MiB of elements at least) and its copy were both alive at the end of the call.
    expect(copied.peakBytes).toBeGreaterThanOrEqual(16 * 2 ** 20)
  })

  it('Atomics.wait throws at once instead of blocking the thread until the limit', async () => {
    const result = await run({
      code: 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); exports.solve = () => 0',
      inputs: [0],
    })
    expect(result.outcome).toMatchObject({
      status: 'RuntimeError',
      message: expect.stringMatching(/Atomics.wait is not available/),
    })
  })
})

describe("a call's input and result are let go when it ends", () => {
  it('inputs that together exceed the memory limit, each well within it, are Accepted (32 calls of 8 MB under 64 MB)', async () => {
    // The host's handles to each input and result kept them alive in the isolate until its own
    // garbage collector ran: 24 inputs of 16 MB under 256 MB ended MemoryLimit at the 16th call.
    const inputs = Array.from({ length: 32 }, (_, index) => new Float64Array(1_000_000).fill(index))
    const result = await runProgram(
      {
        code: 'var __mod = { solve: (a) => a[a.length - 1] }',
        filename: 'solution.js',
        globalName: '__mod',
        entry: 'solve',
      },
      inputs,
      { ...DEFAULT_TEST_LIMITS, cpuMs: 10_000, wallMs: 30_000, memoryMb: 64 },
    )
    expect(result.outcome).toEqual({ status: 'ok' })
    expect(result.outputs).toEqual(inputs.map((_, index) => index))
  })
})

describe('work the isolate runs after the calls', () => {
  it('is stopped by the watchdogs, which stay armed until the run is over, and is the verdict', async () => {
    // Before, the watchdogs were cleared with the last call: the run's last read of the isolate
    // waited behind the endless work until the pool killed the child at its deadline.
    const started = performance.now()
    const result = await run({
      code: 'exports.solve = (n) => n + 1',
      inputs: [1],
      limits: { cpuMs: 300, wallMs: 1500 },
      lateWork: true,
    })
    expect(result.outputs).toEqual([2])
    expect(result.outcome).toMatchObject({ status: 'TimeLimit' })
    expect(performance.now() - started).toBeLessThan(15_000)
  })
})

describe('every string that leaves the isolate is bounded', () => {
  it('a 50 MB error message becomes a short RuntimeError, still at the learner line', async () => {
    const result = await run({
      code: "exports.solve = () => {\n  throw new Error('A'.repeat(5e7))\n}",
      inputs: [0],
      limits: { memoryMb: 512, cpuMs: 5000, wallMs: 10_000 },
    })
    expect(result.outcome).toMatchObject({ status: 'RuntimeError', location: { line: 2 } })
    expect(JSON.stringify(result).length).toBeLessThan(10_000)
    expect(result.outcome.status !== 'ok' && result.outcome.message).toMatch(/more characters/)
  })

  it('a module that exports 200,000 names but not the entry: a CompileError of bounded length', async () => {
    const result = await run({
      code: "for (let i = 0; i < 200000; i++) exports['name' + i] = 1",
      inputs: [0],
      limits: { cpuMs: 5000, wallMs: 10_000 },
    })
    expect(result.outcome).toMatchObject({
      status: 'CompileError',
      message: expect.stringMatching(/more characters/),
    })
    expect(JSON.stringify(result).length).toBeLessThan(5000)
  })

  it('at module level too', async () => {
    const result = await run({
      code: "throw new Error('B'.repeat(5e7)); exports.solve = () => 0",
      inputs: [0],
      limits: { memoryMb: 512, cpuMs: 5000, wallMs: 10_000 },
    })
    expect(result.outcome.status).toBe('RuntimeError')
    expect(JSON.stringify(result).length).toBeLessThan(10_000)
  })

  it.each([
    ['an object', 'throw { code: 1 }', /non-Error value while calling solve: \{"code":1\}/],
    [
      'a huge string',
      "throw 'C'.repeat(5e7)",
      /non-Error value while calling solve: "C+"… \(49999800 more characters\)/,
    ],
    ['a symbol', "throw Symbol('s')", /non-Error value while calling solve: Symbol\(s\)/],
  ])('a non-Error throw (%s) says what was thrown, bounded', async (_, statement, message) => {
    const result = await run({
      code: `exports.solve = () => { ${statement} }`,
      inputs: [0],
      limits: { memoryMb: 512 },
    })
    expect(result.outcome).toMatchObject({ status: 'RuntimeError', message: expect.stringMatching(message) })
    expect(JSON.stringify(result).length).toBeLessThan(5000)
  })
})

describe("engines' host work counts against the CPU limit", () => {
  it('reports a call’s host work as engineCpuNs, apart from the isolate’s own cpuNs', async () => {
    const result = await run({
      code: 'exports.solve = () => { __arena_engines.spin.spin(30); return 1 }',
      inputs: [0],
      hostSpinEngine: true,
    })
    expect(result.outcome).toEqual({ status: 'ok' })
    expect(result.calls[0]?.engineCpuNs).toBeGreaterThanOrEqual(30e6)
  })

  it('an endless loop of host work ends in TimeLimit that says how much was engine work', async () => {
    const result = await run({
      code: 'exports.solve = () => { for (;;) __arena_engines.spin.spin(20) }',
      inputs: [0],
      limits: { cpuMs: 300, wallMs: 20_000 },
      hostSpinEngine: true,
    })
    expect(result.outcome).toMatchObject({
      status: 'TimeLimit',
      message: expect.stringMatching(
        /Used more than 300 ms of CPU time while calling solve: \d+ ms in your code and \d+ ms of engine work on its behalf/,
      ),
    })
  })
})

describe('classifyError', () => {
  const context = {
    wallTimedOut: false,
    wallMs: 5000,
    cpuMs: 1000,
    memoryMb: 64,
    isolateDisposed: false,
    positions: new SourcePositions('solution.js', undefined),
    phase: 'calling solve',
  }

  it('a timeout reached while the process barely used the CPU says the thread waited', () => {
    const waited = classifyError(new Error('Script execution timed out.'), {
      ...context,
      phaseTime: { wallMs: 1000, cpuMs: 3 },
    })
    expect(waited).toMatchObject({
      status: 'TimeLimit',
      message: expect.stringMatching(/waited without using the CPU/),
    })
    const computed = classifyError(new Error('Script execution timed out.'), {
      ...context,
      phaseTime: { wallMs: 1000, cpuMs: 990 },
    })
    expect(computed).toMatchObject({
      status: 'TimeLimit',
      message: 'Used more than 1000 ms of CPU time while calling solve.',
    })
  })

  it('a thread that was runnable all along computed on a busy machine: not a wait', () => {
    // A CI run saw a loop given 32 ms of CPU in 340 ms: its thread was queued for a core, not blocked.
    const preempted = classifyError(new Error('Script execution timed out.'), {
      ...context,
      phaseTime: { wallMs: 340, cpuMs: 32, runnableMs: 335 },
    })
    expect(preempted).toMatchObject({ status: 'TimeLimit', message: expect.stringMatching(/ms of CPU time/) })
    const blocked = classifyError(new Error('Script execution timed out.'), {
      ...context,
      phaseTime: { wallMs: 1000, cpuMs: 3, runnableMs: 4 },
    })
    expect(blocked).toMatchObject({ message: expect.stringMatching(/waited without using the CPU/) })
  })
})
