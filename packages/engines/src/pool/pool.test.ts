import { fileURLToPath } from 'node:url'
import { ProcessPool } from '@arena/sandbox'
import { afterAll, describe, expect, it } from 'vitest'
import type { PoolPayload, PoolReport } from './testing/poolTask.ts'

const TASK = fileURLToPath(new URL('./testing/poolTask.ts', import.meta.url))
const sandbox = new ProcessPool({ size: 1 })
afterAll(() => sandbox.close())

async function run(payload: PoolPayload, fn = 'runPool'): Promise<PoolReport> {
  const outcome = await sandbox.run<PoolReport>({ module: TASK, fn, payload, deadlineMs: 30_000 })
  if (outcome.kind !== 'done') throw new Error(`task ended ${outcome.kind}: ${JSON.stringify(outcome)}`)
  return outcome.value
}

const SUM_CHUNKS = `
exports.sum = (chunk) => { let s = 0; for (let i = 0; i < chunk.length; i++) s += chunk[i]; return s }
exports.solve = async (input) => {
  const sums = await pool.mapArray('sum', input, 1000)
  return sums.reduce((a, b) => a + b, 0)
}`

describe('pool engine', () => {
  it('maps tasks over the workers and returns the results in order', async () => {
    const report = await run({
      code: `
exports.square = (task, info) => ({ value: task * task, index: info.index, worker: info.worker })
exports.solve = async (n) => {
  const tasks = Array.from({ length: n }, (_, i) => i)
  return { size: pool.size, results: await pool.map('square', tasks) }
}`,
      inputs: [20],
    })
    expect(report.run.outcome).toEqual({ status: 'ok' })
    const output = report.run.outputs[0] as {
      size: number
      results: { value: number; index: number; worker: number }[]
    }
    expect(output.size).toBe(2)
    expect(output.results.map((r) => r.value)).toEqual(Array.from({ length: 20 }, (_, i) => i * i))
    expect(output.results.map((r) => r.index)).toEqual(Array.from({ length: 20 }, (_, i) => i))
    expect(new Set(output.results.map((r) => r.worker))).toEqual(new Set([0, 1]))
    expect(report.counters).toMatchObject({ workers: 2, workersAllowed: 2, tasks: 20, jobs: 1 })
    expect(report.timeline).toHaveLength(20)
    expect(
      report.timeline.every((entry) => entry.end >= entry.start && entry.label.startsWith('square #')),
    ).toBe(true)
  })

  it('cuts a typed array into chunks of their own and moves typed results back', async () => {
    const input = Float64Array.from({ length: 10_500 }, (_, i) => i % 7)
    const report = await run({
      code: `
exports.double = (chunk, info) => { const out = chunk.map((v) => 2 * v); return { offset: info.offset, out } }
exports.solve = async (input) => {
  const parts = await pool.mapArray('double', input, 1000)
  return { offsets: parts.map((p) => p.offset), lengths: parts.map((p) => p.out.length), typed: parts[0].out instanceof Float64Array,
    total: parts.reduce((s, p) => s + p.out.reduce((a, b) => a + b, 0), 0) }
}`,
      inputs: [input],
    })
    expect(report.run.outcome).toEqual({ status: 'ok' })
    expect(report.run.outputs[0]).toEqual({
      offsets: Array.from({ length: 11 }, (_, i) => i * 1000),
      lengths: [...Array(10).fill(1000), 500],
      typed: true,
      total: 2 * input.reduce((a, b) => a + b, 0),
    })
    expect(report.counters.bytesIn).toBe(10_500 * 8)
    expect(report.counters.bytesOut).toBeGreaterThanOrEqual(10_500 * 8)
  })

  it('keeps workers across calls of one run (warm-up then timed call) and reports busy time per worker', async () => {
    const report = await run({
      code: SUM_CHUNKS,
      inputs: [new Float64Array(100).fill(1), new Float64Array(5000).fill(2)],
    })
    expect(report.run.outputs).toEqual([100, 10_000])
    expect(report.counters.jobs).toBe(2)
    expect(report.counters.tasks).toBe(6)
    expect(report.counters.busyNs).toBeGreaterThan(0)
    expect((report.counters.worker0BusyNs ?? 0) + (report.counters.worker1BusyNs ?? 0)).toBe(
      report.counters.busyNs,
    )
    expect(report.counters.workerPeakBytes).toBeGreaterThan(0)
  })

  it('caps the workers at the machine cores and lets a job use fewer', async () => {
    const report = await run({
      code: `
exports.id = (task, info) => info.worker
exports.solve = async () => ({ size: pool.size, one: await pool.map('id', [1, 2, 3, 4], { workers: 1 }) })`,
      inputs: [0],
      limits: { workers: 64 },
    })
    expect(report.counters.workersAllowed).toBe(64)
    expect(report.counters.workers).toBe(report.counters.cores)
    expect(report.run.outputs[0]).toEqual({ size: report.counters.cores, one: [0, 0, 0, 0] })
  })

  it("forwards the workers' console to the run's console", async () => {
    const report = await run({
      code: `
exports.say = (task) => { console.log('task', task); return task }
exports.solve = async () => { await pool.map('say', [7]); return 1 }`,
      inputs: [0],
    })
    expect(report.run.console.text).toContain('[pool worker 0] task 7')
  })

  it('names a worker function the module does not export, and the functions it does', async () => {
    const report = await run({
      code: `exports.solve = async () => pool.map('missing', [1])`,
      inputs: [0],
    })
    expect(report.run.outcome.status).toBe('RuntimeError')
    expect(report.run.outcome).toMatchObject({
      message: expect.stringContaining('no function named `missing` (its functions: solve)'),
    })
  })

  it('fails the first job with the line where a worker could not load the module', async () => {
    const report = await run({
      code: `
if (pool.worker === 1) throw new TypeError('only worker 1 breaks')
exports.w = (x) => x
exports.solve = async () => pool.map('w', [1, 2])`,
      inputs: [0],
    })
    expect(report.run.outcome).toMatchObject({
      status: 'RuntimeError',
      message: expect.stringMatching(
        /^TypeError: only worker 1 breaks \(line 3, column \d+\), while loading your module in pool worker 1$/,
      ),
      location: { line: 3 },
    })
  })

  it('refuses tasks inside a worker: workers cannot start workers', async () => {
    const report = await run({
      code: `
exports.nest = () => pool.map('nest', [1])
exports.solve = async () => pool.map('nest', [1])`,
      inputs: [0],
    })
    expect(report.run.outcome).toMatchObject({
      status: 'RuntimeError',
      message: expect.stringContaining('a worker cannot start tasks of its own'),
    })
  })
})
