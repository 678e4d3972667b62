import { fileURLToPath } from 'node:url'
import { ProcessPool } from '@arena/sandbox'
import { afterAll, describe, expect, it } from 'vitest'
import type { MapReducePayload, MapReduceReport } from './testing/mapreduceTask.ts'

const TASK = fileURLToPath(new URL('./testing/mapreduceTask.ts', import.meta.url))
const sandbox = new ProcessPool({ size: 1 })
afterAll(() => sandbox.close())

async function run(payload: MapReducePayload): Promise<MapReduceReport> {
  const outcome = await sandbox.run<MapReduceReport>({
    module: TASK,
    fn: 'runMapReduce',
    payload,
    deadlineMs: 60_000,
  })
  if (outcome.kind !== 'done') throw new Error(`task ended ${outcome.kind}: ${JSON.stringify(outcome)}`)
  return outcome.value
}

const SOLVE = `exports.solve = async () => (await mapreduce.run({ input: [[1, 2], [3]], reducers: 2 })).output`
const REDUCE = `exports.reduce = (k, vs, emit) => emit(k, vs.length)`

describe('mapreduce engine, hostile and broken jobs', () => {
  it('emitting a function is a RuntimeError at the emit, with the learner line', async () => {
    const report = await run({
      code: `exports.map = (x, emit) => {
  emit(x, { f: () => 1 })
}
${REDUCE}
${SOLVE}`,
      inputs: [0],
    })
    expect(report.run.outcome.status).toBe('RuntimeError')
    const outcome = report.run.outcome as { message: string; location?: { line: number } }
    expect(outcome.message).toContain('the value.f is a function')
    expect(outcome.message).toMatch(/line 3\b/)
    expect(report.scratchLeft).toEqual([])
  })

  it('a symbol key is refused the same way', async () => {
    const report = await run({
      code: `exports.map = (x, emit) => emit(Symbol('k'), 1)\n${REDUCE}\n${SOLVE}`,
      inputs: [0],
    })
    expect(report.run.outcome).toMatchObject({
      status: 'RuntimeError',
      message: expect.stringContaining('the key is a symbol'),
    })
  })

  it('a map that emits millions of pairs for one record is stopped with a clear verdict', async () => {
    const report = await run({
      code: `exports.map = (x, emit) => { for (let i = 0; i < 1e8; i++) emit('key' + i, i) }\n${REDUCE}\n${SOLVE}`,
      inputs: [0],
      limits: { memoryMb: 32 },
    })
    expect(report.run.outcome).toMatchObject({
      status: 'RuntimeError',
      message: expect.stringContaining('emitted more than 4 MB or 131072 pairs'),
    })
    expect(report.scratchLeft).toEqual([])
  })

  it('a shuffle bigger than the disk quota is a clear verdict, and its spills are removed', async () => {
    const report = await run({
      code: `exports.map = (n, emit) => { for (let i = 0; i < 40000; i++) emit('k' + i, n) }
${REDUCE}
exports.solve = async () => (await mapreduce.run({ input: Array.from({ length: 40 }, (_, i) => [i]), reducers: 2 })).counters`,
      inputs: [0],
      limits: { memoryMb: 32, diskMb: 4, cpuMs: 30000, wallMs: 40000 },
    })
    expect(report.run.outcome).toMatchObject({
      status: 'RuntimeError',
      message: expect.stringContaining('disk quota of 4 MB'),
    })
    expect(report.scratchLeft).toEqual([])
  })

  it('a reduce that throws midway through spilled runs leaves no scratch file behind', async () => {
    const report = await run({
      code: `exports.map = (n, emit) => { for (let i = 0; i < 20000; i++) emit('k' + ((i * 7919 + n) % 5000), 'x'.repeat(20)) }
exports.reduce = (k, vs, emit) => { if (k === 'k2500') throw new Error('no k2500 please'); emit(k, vs.length) }
exports.solve = async () => (await mapreduce.run({ input: Array.from({ length: 40 }, (_, i) => [i]), reducers: 2 })).counters`,
      inputs: [0],
      limits: { memoryMb: 32, cpuMs: 30000, wallMs: 40000 },
    })
    expect(report.run.outcome).toMatchObject({
      status: 'RuntimeError',
      message: expect.stringContaining('no k2500 please'),
    })
    expect(report.scratchLeft).toEqual([])
  })

  it('a reduce that never returns is a TimeLimit', async () => {
    const report = await run({
      code: `exports.map = (x, emit) => emit(x, 1)\nexports.reduce = () => { for (;;) {} }\n${SOLVE}`,
      inputs: [0],
      limits: { cpuMs: 500, wallMs: 3000 },
    })
    expect(report.run.outcome.status).toBe('TimeLimit')
  })

  it('a job naming a function the module does not export says so', async () => {
    const report = await run({ code: `exports.map = (x, emit) => emit(x, 1)\n${SOLVE}`, inputs: [0] })
    expect(report.run.outcome).toMatchObject({
      status: 'RuntimeError',
      message: expect.stringContaining('no function named reduce'),
    })
  })
  it('a reduce that never returns while spilled runs wait is a TimeLimit, and the spills are removed', async () => {
    const report = await run({
      code: `exports.map = (n, emit) => { for (let i = 0; i < 20000; i++) emit('k' + ((i * 7919 + n) % 5000), 'x'.repeat(20)) }
exports.reduce = (k) => { if (k === 'k2500') for (;;) {} }
exports.solve = async () => (await mapreduce.run({ input: Array.from({ length: 40 }, (_, i) => [i]), reducers: 2 })).counters`,
      inputs: [0],
      limits: { memoryMb: 32, cpuMs: 3000, wallMs: 6000 },
    })
    expect(report.run.outcome.status).toBe('TimeLimit')
    expect(report.scratchLeft).toEqual([])
  })

  it('a map that emits millions of pairs for one record, under the pair cap, spills and completes', async () => {
    // Each record fans out to 100,000 pairs on one key: past the host's sort buffer, so the shuffle spills.
    const report = await run({
      code: `exports.map = (n, emit) => { for (let i = 0; i < 100000; i++) emit(n % 3, i) }
exports.reduce = (k, vs, emit) => emit(k, vs.length)
exports.solve = async () => {
  const { output, counters } = await mapreduce.run({ input: Array.from({ length: 20 }, (_, i) => [i]), reducers: 2 })
  return { groups: output.flat(), spilled: counters.spilledRuns, pairs: counters.mapOutputRecords }
}`,
      inputs: [0],
      limits: { memoryMb: 32, cpuMs: 20000, wallMs: 30000 },
    })
    expect(report.run.outcome).toEqual({ status: 'ok' })
    const out = report.run.outputs[0] as { groups: [number, number][]; spilled: number; pairs: number }
    expect(out.pairs).toBe(2_000_000)
    expect(out.groups.sort((a, b) => a[0] - b[0])).toEqual([
      [0, 700_000],
      [1, 700_000],
      [2, 600_000],
    ])
    expect(out.spilled).toBeGreaterThan(0)
    // The host held no more run text than its sort buffer (a quarter of 32 MB); the rest was spilled.
    expect(report.counters.shuffleBufferPeakChars).toBeGreaterThan(0)
    expect(report.counters.shuffleBufferPeakChars).toBeLessThanOrEqual(8 * 2 ** 20)
    expect(report.scratchLeft).toEqual([])
  })

  it('non-deterministic jobs run to the end: a random partitioner splits keys, a random reduce varies', async () => {
    const report = await run({
      code: `exports.map = (x, emit) => emit(x % 50, 1)
exports.reduce = (k, vs, emit) => emit(k, vs.length + (Math.random() < 0.5 ? 0 : 1000))
exports.anywhere = (k, n) => Math.floor(Math.random() * n)
exports.solve = async () => {
  const input = Array.from({ length: 8 }, (_, s) => Array.from({ length: 500 }, (_, i) => s * 500 + i))
  const { output } = await mapreduce.run({ input, reducers: 4, partition: 'anywhere' })
  return output.flat().length
}`,
      inputs: [0],
    })
    // The engine cannot know the output is wrong (the challenge's check does): no crash, a normal end,
    // and a key split over reducers comes out more than once.
    expect(report.run.outcome).toEqual({ status: 'ok' })
    expect(report.run.outputs[0]).toBeGreaterThan(50)
    expect(report.scratchLeft).toEqual([])
  })

  describe("class 4: the counter clocks hold all of the learner's CPU time of the call", () => {
    const SPIN = 'let s = 0; for (let i = 0; i < 3e7; i++) s += Math.sqrt(i)'

    it("a one-record token job beside the real work in solve: the clocks hold solve's CPU time", async () => {
      const report = await run({
        code: `exports.map = (x, emit) => emit(x, 1)
${REDUCE}
exports.solve = async () => {
  ${SPIN}
  await mapreduce.run({ input: [[1]], reducers: 1 })
  return s
}`,
        inputs: [0],
      })
      expect(report.run.outcome).toEqual({ status: 'ok' })
      const callCpuNs = report.run.calls[0]?.cpuNs ?? 0
      // The token job's reducer is next to nothing: a clock of reducers alone would call this free.
      expect(report.counters.jobsSlowestReduceNs ?? 0).toBeLessThan(callCpuNs / 10)
      expect(report.counters.criticalPathNs).toBeGreaterThanOrEqual(callCpuNs)
      expect(report.counters.slowestReduceNs).toBeGreaterThanOrEqual(callCpuNs)
      expect(report.counters.callCpuNs).toBe(callCpuNs)
    })

    it('the work moved into one map task is on the clock too', async () => {
      const report = await run({
        code: `exports.map = (x, emit) => { ${SPIN}; emit(x, s) }
${REDUCE}
exports.solve = async () => (await mapreduce.run({ input: [[1]], reducers: 1 })).output`,
        inputs: [0],
      })
      expect(report.run.outcome).toEqual({ status: 'ok' })
      const callCpuNs = report.run.calls[0]?.cpuNs ?? 0
      const reducers = report.counters.jobsSlowestReduceNs ?? 0
      // The map task's 3e7 square roots are far more than the call and the reducer together.
      expect((report.counters.slowestReduceNs ?? 0) - callCpuNs - reducers).toBeGreaterThan(
        10 * (callCpuNs + reducers),
      )
      expect(report.counters.criticalPathNs).toBe(report.counters.slowestReduceNs)
    })

    it('a call that runs no job at all still reports the clocks: its own CPU time', async () => {
      const report = await run({ code: `exports.solve = () => { ${SPIN}; return s }`, inputs: [0] })
      expect(report.run.outcome).toEqual({ status: 'ok' })
      const callCpuNs = report.run.calls[0]?.cpuNs ?? 0
      expect(callCpuNs).toBeGreaterThan(0)
      expect(report.counters.criticalPathNs).toBe(callCpuNs)
      expect(report.counters.slowestReduceNs).toBe(callCpuNs)
    })
  })

  describe('class 1: memory faults in tasks', () => {
    it("a reduce task that fills its worker's heap is MemoryLimit naming the task", async () => {
      const report = await run({
        code: `exports.map = (x, emit) => emit(x, 1)
exports.reduce = (k, vs, emit) => { const held = []; for (let i = 0; ; i++) held.push('x'.repeat(64) + i) }
${SOLVE}`,
        inputs: [0],
        limits: { memoryMb: 32, cpuMs: 20000, wallMs: 30000 },
      })
      expect(report.run.outcome.status).toBe('MemoryLimit')
      expect((report.run.outcome as { message: string }).message).toMatch(
        /while running reduce task [01] \(`reduce`\) on worker \d/,
      )
      expect(report.scratchLeft).toEqual([])
    })

    it('a map task that allocates past its limit is MemoryLimit naming the task', async () => {
      const report = await run({
        code: `exports.map = (x, emit) => { const held = []; for (;;) held.push(new Float64Array(1 << 20)) }
${REDUCE}
${SOLVE}`,
        inputs: [0],
        limits: { memoryMb: 32, cpuMs: 20000, wallMs: 30000 },
      })
      expect(report.run.outcome.status).toBe('MemoryLimit')
      expect((report.run.outcome as { message: string }).message).toMatch(
        /while running map task [01] \(`map`\) on worker \d/,
      )
    })

    // The host copied records with V8's serializer, a string at every occurrence: 40 splits holding one
    // 8 MB string were 320 MB in the sandbox process under a 128 MB limit, ok with a 9 MB peak.
    it('records from solve that expand when copied out are refused before they cross', async () => {
      const report = await run({
        code: `const pad = 'x'.repeat(8e6)
exports.map = (r, emit) => emit(1, r.length)
${REDUCE}
exports.solve = async () => (await mapreduce.run({ input: Array.from({ length: 40 }, () => [pad]), reducers: 1 })).output`,
        inputs: [0],
        limits: { memoryMb: 128, cpuMs: 20000, wallMs: 30000 },
      })
      expect(report.run.outcome).toMatchObject({
        status: 'RuntimeError',
        message: expect.stringMatching(/the input of mapreduce job 0 is larger than 128 MB/),
      })
    })

    // The guest's checks ran through the learner's Array.prototype.map: patched, it could hand the
    // host an unchecked spec, its records never materialized nor counted.
    it('a patched Array.prototype.map does not get unchecked records past chain', async () => {
      const report = await run({
        code: `const pad = 'x'.repeat(8e6)
const map = Array.prototype.map
Array.prototype.map = function (f) { return this.__raw ? this.slice() : map.call(this, f) }
exports.map = (r, emit) => emit(1, r.length)
${REDUCE}
exports.solve = async () => {
  const specs = [{ input: Array.from({ length: 40 }, () => [pad]), reducers: 1, map: 'map', reduce: 'reduce' }]
  specs.__raw = true
  return (await mapreduce.chain(specs)).output
}`,
        inputs: [0],
        limits: { memoryMb: 128, cpuMs: 20000, wallMs: 30000 },
      })
      expect(report.run.outcome).toMatchObject({
        status: 'RuntimeError',
        message: expect.stringMatching(/the input of mapreduce job 0 is larger than 128 MB/),
      })
    })

    // Each job's records were bounded by the limit, not all the jobs in flight together: 20 jobs of
    // 32 MB started without an await held 640 MB in the sandbox process under a 128 MB limit.
    it('records of jobs started together count against the limit together', async () => {
      const report = await run({
        code: `const pad = 'x'.repeat(2 ** 22)
exports.map = (r, emit) => emit(1, r.length)
${REDUCE}
exports.solve = async () => {
  const jobs = []
  for (let i = 0; i < 20; i++) jobs.push(mapreduce.run({ input: Array.from({ length: 4 }, () => [pad]), reducers: 1 }))
  return (await Promise.all(jobs)).length
}`,
        inputs: [0],
        limits: { memoryMb: 128, cpuMs: 20000, wallMs: 30000 },
      })
      expect(report.run.outcome).toMatchObject({
        status: 'RuntimeError',
        message: expect.stringMatching(
          /the input of mapreduce job 0 does not fit beside the 3 mapreduce jobs still in flight: their tasks hold 96 MB of the 128 MB memory limit/,
        ),
      })
    })
  })

  // Issue 14, class 1: each job's shuffle buffers a quarter of the memory limit on the host; jobs
  // started together held a quarter each at once (6 x 4M chars under a 32 MB limit).
  it("jobs started together share one sort buffer's worth of the host's memory", async () => {
    const report = await run({
      code: `exports.map = (n, emit) => { for (let i = 0; i < 100000; i++) emit(n % 3, i) }
exports.reduce = (k, vs, emit) => emit(k, vs.length)
exports.solve = async () => {
  const jobs = []
  for (let j = 0; j < 6; j++) jobs.push(mapreduce.run({ input: [[0], [1], [2], [3]], reducers: 2 }))
  return (await Promise.all(jobs)).map((job) => job.output.flat().length)
}`,
      inputs: [0],
      limits: { memoryMb: 32, cpuMs: 30000, wallMs: 60000 },
    })
    expect(report.run.outcome).toEqual({ status: 'ok' })
    expect(report.run.outputs[0]).toEqual([3, 3, 3, 3, 3, 3])
    expect(report.counters.shuffleBufferPeakChars).toBeGreaterThan(0)
    expect(report.counters.shuffleBufferPeakChars).toBeLessThanOrEqual(8 * 2 ** 20)
  })

  describe("class 7: the engine's work counts against the CPU limit", () => {
    it('an endless loop of shuffle-heavy jobs ends at the CPU limit, not the wall limit', async () => {
      const report = await run({
        code: `exports.map = (n, emit) => { for (let i = 0; i < 20000; i++) emit('k' + (i % 5000), n) }
exports.reduce = () => {}
exports.solve = async () => { for (;;) await mapreduce.run({ input: [[1], [2], [3], [4]], reducers: 2 }) }`,
        inputs: [0],
        limits: { memoryMb: 32, cpuMs: 1500, wallMs: 15000 },
      })
      expect(report.run.outcome.status, JSON.stringify(report.run.outcome)).toBe('TimeLimit')
      // The main isolate itself used little: the tasks and the shuffle are what ran past the limit.
      expect((report.run.outcome as { message: string }).message).toMatch(/1500 ms of CPU time/)
      expect((report.run.outcome as { message: string }).message).not.toMatch(/wall/i)
      expect(report.counters.taskCpuNs).toBeGreaterThan(0)
      expect(report.counters.shuffleHostNs).toBeGreaterThan(0)
      expect(report.scratchLeft).toEqual([])
    })
  })
})
