// The list of hostile learner code: each ends in the right verdict with a clear message,
// and the grader keeps working after every one of them.
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { createGrader } from './createGrader.ts'
import { expectBronze } from './testing/expectBronze.ts'
import { sortExtremesChallenge } from './testing/sortExtremesChallenge.ts'
import { sumArrayChallenge } from './testing/sumArrayChallenge.ts'
import type { GradeMode, GradeResult } from './types.ts'

const grader = createGrader()
afterAll(() => grader.close())
const challenge = sumArrayChallenge()
const SUM = 'let s = 0; for (let i = 0; i < v.length; i++) s += v[i]; return s'
/**
 * For code that ends the same way on any input (an endless loop, a memory bomb): the fixture with its
 * first sample only. The verdict is the first sample's; the second would only repeat it, in a fresh
 * child when the first one's was replaced (the RSS backstop fires twice, an endless loop runs twice).
 */
const ONE_SAMPLE = {
  testsFile: fileURLToPath(new URL('./testing/sum-array/firstSample.tests.ts', import.meta.url)),
}

// No case here reads the untimed profile round a full grading ends with: it would only add runs.
function grade(source: string, mode: GradeMode = 'samples', overrides = {}): Promise<GradeResult> {
  return grader.grade({
    challenge: { ...challenge, ...overrides },
    source,
    mode,
    secretSeed: 1,
    profile: false,
  })
}

describe('hostile learner code', () => {
  it('an infinite loop: TimeLimit', async () => {
    const result = await grade(
      'export function solve(v: Float64Array) { for (;;) {} }',
      'samples',
      ONE_SAMPLE,
    )
    expect(result.status).toBe('TimeLimit')
    expect(result.message).toMatch(/CPU time/)
  })

  it('an infinite loop inside an awaited promise: TimeLimit', async () => {
    const result = await grade(
      'export async function solve(v: Float64Array) { await null; for (;;) {} }',
      'samples',
      ONE_SAMPLE,
    )
    expect(result.status).toBe('TimeLimit')
  })

  it('a promise that never settles: TimeLimit by the wall-time watchdog', async () => {
    const result = await grade(
      'export function solve(v: Float64Array) { return new Promise(() => {}) }',
      'samples',
      ONE_SAMPLE,
    )
    expect(result.status).toBe('TimeLimit')
    expect(result.message).toMatch(/wall time/)
  })

  it('new Array(1e9).fill(0): MemoryLimit', async () => {
    const result = await grade(
      'export function solve(v: Float64Array) { return new Array(1e9).fill(0).length }',
      'samples',
      {
        ...ONE_SAMPLE,
        limits: { ...challenge.limits, cpuMs: 20_000, wallMs: 30_000 },
      },
    )
    expect(result.status).toBe('MemoryLimit')
    expect(result.message).toMatch(/memory limit of 128 MB/)
  })

  it("[...'.'.repeat(1e9)]: MemoryLimit", async () => {
    const result = await grade(
      "export function solve(v: Float64Array) { return [...'.'.repeat(1e9)].length }",
      'samples',
      ONE_SAMPLE,
    )
    expect(result.status).toBe('MemoryLimit')
    expect(result.message).toMatch(/string/)
  })

  it('a typed-array bomb: MemoryLimit', async () => {
    const result = await grade(
      'export function solve(v: Float64Array) { const keep = []; for (;;) keep.push(new Float64Array(1 << 20)) }',
      'samples',
      ONE_SAMPLE,
    )
    expect(result.status).toBe('MemoryLimit')
  })

  it('100 MB of console output: graded normally, output truncated and said so', async () => {
    const result = await grade(
      `export function solve(v: Float64Array) { const line = 'x'.repeat(1000); for (let i = 0; i < 100_000; i++) console.log(line); ${SUM} }`,
      'samples',
      { limits: { ...challenge.limits, cpuMs: 20_000, wallMs: 30_000 } },
    )
    expect(result.status).toBe('Accepted')
    const output = result.tests[0]?.output ?? ''
    expect(output.length).toBeLessThan(5 * 1024)
    expect(output).toMatch(/output truncated: \d+ more bytes/)
  })

  it('throwing a non-Error value: RuntimeError that says what was thrown', async () => {
    const result = await grade('export function solve(v: Float64Array) { throw 42 }')
    expect(result.status).toBe('RuntimeError')
    expect(result.message).toMatch(/non-Error value.*42/)
  })

  it('require: CompileError, there is no module system to require from', async () => {
    const result = await grade("export function solve(v: Float64Array) { return require('fs') }")
    expect(result.status).toBe('CompileError')
    expect(result.message).toMatch(/Cannot import "fs": solutions run in a sandbox/)
  })

  it.each([
    ['require', "(globalThis as any)['req' + 'uire']('fs')"],
    ['process', 'process.exit(1)'],
    ['fetch', "fetch('http://example.com')"],
  ])('reaching %s: RuntimeError, it does not exist', async (name, expression) => {
    const result = await grade(`export function solve(v: Float64Array) { ${expression}; return 0 }`)
    expect(result.status).toBe('RuntimeError')
    expect(result.message).toMatch(new RegExp(`${name} is not defined|is not a function`))
  })

  it('a static or literal dynamic import: CompileError at the line', async () => {
    const result = await grade(
      "import { readFileSync } from 'node:fs'\nexport function solve(v: Float64Array) { return readFileSync('x') }",
    )
    expect(result.status).toBe('CompileError')
    expect(result.message).toMatch(/Cannot import "node:fs"/)
    expect(result.location).toEqual({ line: 1, column: 30 })
    const dynamic = await grade("export async function solve(v: Float64Array) { return import('fs') }")
    expect(dynamic.status).toBe('CompileError')
  })

  it('a computed dynamic import: RuntimeError', async () => {
    const result = await grade(
      "export async function solve(v: Float64Array) { const m = 'f' + 's'; return import(m) }",
    )
    expect(result.status).toBe('RuntimeError')
    expect(result.message).toMatch(/not supported/)
  })

  it('reaching the host through the Function constructor finds only the isolate', async () => {
    const result = await grade(
      "export function solve(v: Float64Array) { const g = (0, eval)('this'); const p = Function('return typeof process')(); if (p !== 'undefined' || typeof g.require !== 'undefined') return -1; " +
        `${SUM} }`,
    )
    expect(result.status).toBe('Accepted')
  })

  it('overwriting Date.now and performance.now changes nothing: the host keeps the clock', async () => {
    const result = await grade(
      `Date.now = () => 0; (globalThis as any).performance = { now: () => 0 }\nexport function solve(v: Float64Array) { ${SUM} }`,
      'full',
    )
    expect(result.status).toBe('Accepted')
    const ratio = result.perf?.cases[0]?.ratio ?? 0
    expect(ratio).toBeGreaterThan(0.2)
    expect(ratio).toBeLessThan(5)
  })

  it('answers cached on globalThis do not carry to the next run; replaying them fails the trial', async () => {
    const counting = await grade(
      `export function solve(v: Float64Array) { const g = globalThis as any; g.runs = (g.runs ?? 0) + 1; if (g.runs > 1) return -1; ${SUM} }`,
      'tests',
    )
    expect(counting.status).toBe('Accepted')
    const replaying = await grade(
      `export function solve(v: Float64Array) { const g = globalThis as any; if (g.answer !== undefined) return g.answer; g.answer = (() => { ${SUM} })(); return g.answer }`,
      'full',
    )
    expect(replaying.status).toBe('WrongAnswer')
    expect(replaying.message).toMatch(/performance trial/)
  })

  it('reading the reference solution or hidden tests: nothing in the isolate leads there', async () => {
    const result = await grade(
      `export function solve(v: Float64Array) {
        const names = Object.getOwnPropertyNames(globalThis)
        const leaks = ['reference', 'referenceSource', 'tests', 'hidden', 'require', 'process', 'module', '__arena_input']
        if (names.some((name) => leaks.includes(name) || /ivm|host/i.test(name))) return -1
        ${SUM}
      }`,
      'tests',
    )
    expect(result.status).toBe('Accepted')
    const hidden = await grade(
      'export function solve(v: Float64Array) { return v.length === 1000 ? -1 : v.reduce((a, b) => a + b, 0) }',
      'tests',
    )
    expect(hidden.status).toBe('WrongAnswer')
    const failing = hidden.tests.find((test) => test.status === 'WrongAnswer')
    expect(failing).toMatchObject({ kind: 'hidden', name: 'thousand' })
    expect(failing?.input).toBeUndefined()
    expect(failing?.expected).toBeUndefined()
  })

  it('a syntax error: CompileError with line and column', async () => {
    const result = await grade('export function solve(v: Float64Array) {\n  return v.length +\n}')
    expect(result.status).toBe('CompileError')
    expect(result.location?.line).toBe(3)
    expect(result.message).toMatch(/solution\.ts:3:/)
  })

  it('a module that exports nothing: CompileError that says so', async () => {
    const result = await grade('function solve(v: Float64Array) { return 0 }')
    expect(result.status).toBe('CompileError')
    expect(result.message).toMatch(/must export a function named `solve`; it exports nothing/)
  })

  it('a module that exports the wrong name: CompileError naming what it exports', async () => {
    const result = await grade('export function sum(v: Float64Array) { return 0 }')
    expect(result.status).toBe('CompileError')
    expect(result.message).toMatch(/exports only: sum/)
  })

  it('a runtime error points at the learner line', async () => {
    const result = await grade(
      'export function solve(v: Float64Array) {\n  const rows: any = null\n  return rows.length\n}',
    )
    expect(result.status).toBe('RuntimeError')
    expect(result.location).toEqual({ line: 3, column: 15 })
  })

  describe('issue 14: memory the isolate limit does not count', () => {
    it.each([
      ['the global', 'new WebAssembly.Memory({ initial: 1, maximum: 65536 }).grow(16000)'],
      ['globalThis', "(globalThis as any)['WebAssembly'].Memory"],
      ['Function("return this")', "Function('return this')().WebAssembly.Memory"],
      ['Reflect', "(Reflect.get(globalThis, 'WebAssembly') as any).Memory"],
      ['a property descriptor', "(Object.getOwnPropertyDescriptor(globalThis, 'WebAssembly') as any).get()"],
    ])(
      'a WebAssembly.Memory bomb through %s: RuntimeError, WebAssembly is not available',
      async (_, expression) => {
        const result = await grade(`export function solve(v: Float64Array) { ${expression}; ${SUM} }`)
        expect(result.status).toBe('RuntimeError')
        expect(result.message).toMatch(/WebAssembly is not available in the arena.*memory limit/)
      },
    )

    it('a resizable ArrayBuffer bomb: RuntimeError, maxByteLength is refused', async () => {
      const result = await grade(
        'export function solve(v: Float64Array) { const k = []; for (let i = 0; i < 64; i++) { const b = new (ArrayBuffer as any)(64 << 20, { maxByteLength: 64 << 20 }); new Uint8Array(b).fill(1); k.push(b) } return k.length }',
      )
      expect(result.status).toBe('RuntimeError')
      expect(result.message).toMatch(/maxByteLength.*not available in the arena/)
    })

    it('Intl objects past the limit (ICU memory outside the heap): MemoryLimit, never Accepted', async () => {
      const result = await grade(
        "export function solve(v: Float64Array) { const k: unknown[] = []; for (let i = 0; i < 1_000_000; i++) k.push(new Intl.Segmenter('en')); return k.length }",
        'samples',
        { ...ONE_SAMPLE, limits: { ...challenge.limits, memoryMb: 16, cpuMs: 60_000, wallMs: 60_000 } },
      )
      expect(result.status).toBe('MemoryLimit')
      // The RSS backstop (a 320 MB budget here) fires long before isolated-vm counts ICU memory late
      // (measured: about 870 MB resident under a 16 MB limit).
      expect(result.message).toMatch(/the sandbox process grew past its budget/)
    })

    it('a result that expands when copied out (20 references to one 100 MB string): bounded RuntimeError, then the next grading is normal', async () => {
      const result = await grade(
        "export function solve(v: Float64Array) { const s = 'x'.repeat(1e8); return new Array(20).fill(s) as any }",
        'samples',
        { ...ONE_SAMPLE, limits: { ...challenge.limits, memoryMb: 256, cpuMs: 10_000, wallMs: 20_000 } },
      )
      expect(result.status).toBe('RuntimeError')
      expect(result.message).toMatch(/the value returned by solve is larger than 16 MB/)
      expect(JSON.stringify(result).length).toBeLessThan(20_000)
      const next = await grade(`export function solve(v: Float64Array) { ${SUM} }`, 'tests')
      expect(next.status).toBe('Accepted')
    })
  })

  describe('issue 14: work after the clock stops', () => {
    const extremes = sortExtremesChallenge()
    const gradeExtremes = (source: string, mode: GradeMode = 'full') =>
      grader.grade({ challenge: extremes, source, mode, secretSeed: 1, profile: false })
    // The reference's work, done five times: off the clock it would look free (score 10, gold); on
    // it, about a fifth as fast (bronze).
    const WORK = `let sorted = new Float64Array(0)
      for (let r = 0; r < 5; r++) sorted = Float64Array.from(values).sort()
      let sum = 0
      for (let i = 0; i < values.length; i++) sum += values[i] as number`

    it('the reference itself is above bronze (the fixture can tell the two apart)', async () => {
      const result = await gradeExtremes(extremes.referenceSource)
      expect(result.status).toBe('Accepted')
      expect(result.perf?.score).toBeGreaterThanOrEqual(0.5)
    })

    it.each([
      [
        'getters',
        `export function solve(values: Float64Array): any {
          let cache: any
          const work = () => { if (!cache) { ${WORK}; cache = { smallest: Array.from(sorted.subarray(0, 10)), largest: Array.from(sorted.subarray(-10)), sum } } return cache }
          return { get smallest() { return work().smallest }, get largest() { return work().largest }, get sum() { return work().sum } }
        }`,
      ],
      [
        'a proxy',
        `export function solve(values: Float64Array): any {
          let cache: any
          const work = () => { if (!cache) { ${WORK}; cache = { smallest: Array.from(sorted.subarray(0, 10)), largest: Array.from(sorted.subarray(-10)), sum } } return cache }
          return new Proxy({}, { ownKeys: () => ['smallest', 'largest', 'sum'], getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }), get: (_, key) => work()[key] })
        }`,
      ],
      [
        'an array with index getters',
        `export function solve(values: Float64Array): any {
          let cache: any
          const work = () => { if (!cache) { ${WORK}; cache = { smallest: Array.from(sorted.subarray(0, 10)), largest: Array.from(sorted.subarray(-10)), sum } } return cache }
          const lazy = (name: string) => { const a: number[] = []; for (let i = 0; i < 10; i++) Object.defineProperty(a, i, { get: () => work()[name][i], enumerable: true }); return a }
          return { smallest: lazy('smallest'), largest: lazy('largest'), get sum() { return work().sum } }
        }`,
      ],
      [
        'a lazy object behind a promise',
        `export async function solve(values: Float64Array): Promise<any> {
          await null
          let cache: any
          const work = () => { if (!cache) { ${WORK}; cache = { smallest: Array.from(sorted.subarray(0, 10)), largest: Array.from(sorted.subarray(-10)), sum } } return cache }
          return { get smallest() { return work().smallest }, get largest() { return work().largest }, get sum() { return work().sum } }
        }`,
      ],
    ])('a result read through %s does its work on the clock: bronze, not gold', async (_, source) => {
      const result = await gradeExtremes(source)
      expectBronze(result)
    })

    it('a class instance whose prototype getters do the work: its getters are not part of the value, WrongAnswer', async () => {
      const result = await gradeExtremes(
        `class Lazy { constructor(private values: Float64Array) {} get smallest() { return Array.from(Float64Array.from(this.values).sort().subarray(0, 10)) } get largest() { return Array.from(Float64Array.from(this.values).sort().subarray(-10)) } get sum() { return this.values.reduce((a, b) => a + b, 0) } }
        export function solve(values: Float64Array): any { return new Lazy(values) }`,
        'samples',
      )
      expect(result.status).toBe('WrongAnswer')
    })

    it('an endless getter: TimeLimit by CPU, not the wall clock', async () => {
      const result = await grade(
        'export function solve(v: Float64Array): any { return { get total() { for (;;) {} } } }',
        'samples',
        { ...ONE_SAMPLE, limits: { ...challenge.limits, cpuMs: 500, wallMs: 20_000 } },
      )
      expect(result.status).toBe('TimeLimit')
      expect(result.message).toMatch(/CPU time/)
    })

    it('a return value that cannot be copied: RuntimeError naming the return value and where', async () => {
      const result = await grade(
        'export function solve(v: Float64Array): any { return { rows: [1, () => 2] } }',
      )
      expect(result.status).toBe('RuntimeError')
      expect(result.message).toMatch(
        /the value returned by solve, at \.rows\[1\]: a function cannot be copied/,
      )
    })
  })

  describe('issue 14: bounded sizes and honest blame', () => {
    it('a 50 MB error message: a short RuntimeError at the learner line, a small result', async () => {
      const result = await grade(
        "export function solve(v: Float64Array) {\n  throw new Error('A'.repeat(5e7))\n}",
        'samples',
        // Building and bounding 50 MB takes a loaded machine past 3 s of wall time: this is about sizes.
        { ...ONE_SAMPLE, limits: { ...challenge.limits, memoryMb: 512, cpuMs: 10_000, wallMs: 20_000 } },
      )
      expect(result.status).toBe('RuntimeError')
      expect(result.location?.line).toBe(2)
      expect(result.message?.length).toBeLessThan(4000)
      expect(JSON.stringify(result).length).toBeLessThan(20_000)
    })

    it('throwing an object: RuntimeError that shows what was thrown', async () => {
      const result = await grade("export function solve(v: Float64Array) { throw { code: 'E_NOPE' } }")
      expect(result.status).toBe('RuntimeError')
      expect(result.message).toMatch(/non-Error value.*\{"code":"E_NOPE"\}/)
    })

    it.each([
      [
        'at module level',
        'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)\nexport function solve(v: Float64Array) { return 0 }',
      ],
      [
        'in the call',
        'export function solve(v: Float64Array) { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); return 0 }',
      ],
    ])('Atomics.wait %s: a RuntimeError at once, not a CPU limit it never used', async (_, source) => {
      const result = await grade(source)
      expect(result.status).toBe('RuntimeError')
      expect(result.message).toMatch(/Atomics.wait is not available in the arena/)
    })
  })

  it('still grades correctly after all of the above', async () => {
    const result = await grade(`export function solve(v: Float64Array) { ${SUM} }`, 'tests')
    expect(result.status).toBe('Accepted')
  })
})
