import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { ProcessPool } from './index.ts'
import type { ProgramRun } from './isolate/outcome.ts'
import type { FixturePayload } from './testing/fixtureTask.ts'

const FIXTURE = fileURLToPath(new URL('./testing/fixtureTask.ts', import.meta.url))
const pool = new ProcessPool({ size: 2 })
afterAll(() => pool.close())

async function run(payload: FixturePayload): Promise<ProgramRun> {
  const outcome = await pool.run<ProgramRun>({ module: FIXTURE, fn: 'run', payload, deadlineMs: 20_000 })
  if (outcome.kind !== 'done') throw new Error(`task ended ${outcome.kind}`)
  return outcome.value
}

describe('runProgram', () => {
  it('calls the entry once per input and returns the outputs and clocks', async () => {
    const result = await run({ code: 'exports.solve = (x) => x * 2', inputs: [1, 21] })
    expect(result.outcome).toEqual({ status: 'ok' })
    expect(result.outputs).toEqual([2, 42])
    expect(result.calls).toHaveLength(2)
    expect(result.calls[0]?.cpuNs).toBeGreaterThan(0)
  })

  it('keeps typed arrays typed in both directions', async () => {
    const result = await run({
      code: 'exports.solve = (x) => x.map((v) => v + 1)',
      inputs: [new Float64Array([1, 2])],
    })
    expect(result.outputs[0]).toEqual(new Float64Array([2, 3]))
  })

  it('reports a peak of at least 64 MiB for a run that holds a 64 MiB Float64Array', async () => {
    const result = await run({
      code: 'exports.solve = () => { const a = new Float64Array(8 * 1024 * 1024); a[5] = 1; return a.length }',
      inputs: [0],
    })
    expect(result.outcome.status).toBe('ok')
    expect(result.peakBytes).toBeGreaterThanOrEqual(64 * 2 ** 20)
  })

  it('starts every run in a fresh isolate: globals do not survive', async () => {
    const code =
      'exports.solve = () => { globalThis.count = (globalThis.count ?? 0) + 1; return globalThis.count }'
    const first = await run({ code, inputs: [0, 0] })
    const second = await run({ code, inputs: [0] })
    expect(first.outputs).toEqual([1, 2])
    expect(second.outputs).toEqual([1])
  })

  it('caps console output and says how much was dropped', async () => {
    const result = await run({
      code: "exports.solve = () => { for (let i = 0; i < 100000; i++) console.log('x'.repeat(99)); return 1 }",
      inputs: [0],
      limits: { outputBytes: 1000 },
    })
    expect(result.outcome.status).toBe('ok')
    expect(result.console.text.length).toBe(1000)
    expect(result.console.droppedBytes).toBe(100000 * 100 - 1000)
  })

  it('refuses a result larger than the result limit', async () => {
    const result = await run({
      code: 'exports.solve = () => new Float64Array(1024 * 1024)',
      inputs: [0],
      limits: { resultBytes: 1024 },
    })
    expect(result.outcome).toMatchObject({ status: 'RuntimeError', message: expect.stringMatching(/limit/) })
  })

  it('stops a promise that never settles with the wall-time watchdog', async () => {
    const result = await run({
      code: 'exports.solve = () => new Promise(() => {})',
      inputs: [0],
      limits: { wallMs: 300 },
    })
    expect(result.outcome).toMatchObject({ status: 'TimeLimit', message: expect.stringMatching(/wall time/) })
  })

  describe('with only synchronous engines (the entry runs on the host thread)', () => {
    it('returns results, and settles an async entry', async () => {
      const sync = await run({ code: 'exports.solve = (x) => x * 2', inputs: [1, 21], synchronous: true })
      expect(sync.outputs).toEqual([2, 42])
      const async = await run({
        code: 'exports.solve = async (x) => { await null; return x + 1 }',
        inputs: [1],
        synchronous: true,
      })
      expect(async.outcome).toEqual({ status: 'ok' })
      expect(async.outputs).toEqual([2])
    })

    it('stops an endless loop and a promise that never settles', async () => {
      const loop = await run({
        code: 'exports.solve = () => { for (;;) {} }',
        inputs: [0],
        synchronous: true,
      })
      expect(loop.outcome.status).toBe('TimeLimit')
      const never = await run({
        code: 'exports.solve = () => new Promise(() => {})',
        inputs: [0],
        limits: { wallMs: 300 },
        synchronous: true,
      })
      expect(never.outcome).toMatchObject({
        status: 'TimeLimit',
        message: expect.stringMatching(/wall time/),
      })
    })
  })

  it('maps runtime errors to the line of the program', async () => {
    const result = await run({
      code: 'exports.solve = (x) => {\n  const o = null\n  return o.x\n}',
      inputs: [0],
    })
    expect(result.outcome).toMatchObject({ status: 'RuntimeError', location: { line: 3 } })
  })

  it('exposes nothing of Node or of the host inside the isolate', async () => {
    const result = await run({
      code: 'exports.solve = () => Object.getOwnPropertyNames(globalThis)',
      inputs: [0],
    })
    const names = result.outputs[0] as string[]
    for (const forbidden of [
      'require',
      'process',
      'fetch',
      'setTimeout',
      'performance',
      'Buffer',
      'ivm',
      '_ivm',
    ]) {
      expect(names).not.toContain(forbidden)
    }
    // The console's counter and the (here empty) engines object; the input and the host callback were
    // removed before the call.
    expect(names.filter((name) => name.startsWith('__arena')).sort()).toEqual([
      '__arena_console_dropped',
      '__arena_engines',
    ])
  })
})

describe('ProcessPool', () => {
  it('answers with a crash outcome when the child dies, and replaces it', async () => {
    const crashed = await pool.run({ module: FIXTURE, fn: 'crash', payload: {}, deadlineMs: 10_000 })
    expect(crashed.kind).toBe('crashed')
    const after = await run({ code: 'exports.solve = () => 1', inputs: [0] })
    expect(after.outputs).toEqual([1])
  })

  it('kills a child that overruns its deadline, and replaces it', async () => {
    const hung = await pool.run({ module: FIXTURE, fn: 'hang', payload: {}, deadlineMs: 500 })
    expect(hung).toEqual({ kind: 'deadline', deadlineMs: 500 })
    const after = await run({ code: 'exports.solve = () => 2', inputs: [0] })
    expect(after.outputs).toEqual([2])
  })

  it('reports a V8 out-of-memory abort as out of memory', async () => {
    const outcome = await pool.run({
      module: FIXTURE,
      fn: 'run',
      payload: {
        code: 'exports.solve = () => new Array(1e9).fill(0)',
        inputs: [0],
        limits: { cpuMs: 20_000, wallMs: 20_000 },
      },
      deadlineMs: 30_000,
    })
    // V8 either aborts the process or isolated-vm disposes the isolate in time; both are out of memory.
    if (outcome.kind === 'crashed') expect(outcome.outOfMemory).toBe(true)
    else expect(outcome).toMatchObject({ kind: 'done', value: { outcome: { status: 'MemoryLimit' } } })
  })
})
