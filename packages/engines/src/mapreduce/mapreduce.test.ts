import { fileURLToPath } from 'node:url'
import { ProcessPool } from '@arena/sandbox'
import { afterAll, describe, expect, it } from 'vitest'
import type { JobCounters } from './MapReduceEngine.ts'
import { MAPREDUCE_DTS } from './mapreduceDts.ts'
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

const WORD_COUNT = `
exports.map = (line, emit) => { for (const w of line.split(' ')) if (w) emit(w, 1) }
exports.sum = (k, vs, emit) => { let s = 0; for (const v of vs) s += v; emit(k, s) }
exports.reduce = exports.sum
`

function wordLines(lines: number, words: number): string[] {
  let seed = 7
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed / 2 ** 31
  }
  return Array.from({ length: lines }, () =>
    Array.from({ length: words }, () => `w${Math.floor(1 / (next() + 0.001))}`).join(' '),
  )
}

function expectedCounts(lines: string[]): [string, number][] {
  const counts = new Map<string, number>()
  for (const line of lines) for (const w of line.split(' ')) counts.set(w, (counts.get(w) ?? 0) + 1)
  return [...counts].sort((a, b) => (JSON.stringify(a[0]) < JSON.stringify(b[0]) ? -1 : 1))
}

describe('mapreduce engine', () => {
  it('counts words: map, combine, hash partition, sorted groups, reduce; counters and timeline', async () => {
    const lines = wordLines(400, 20)
    const report = await run({
      code: `${WORD_COUNT}
exports.solve = async (lines) => {
  const splits = []
  for (let i = 0; i < lines.length; i += 50) splits.push(lines.slice(i, i + 50))
  const plain = await mapreduce.run({ input: splits, reducers: 3 })
  const combined = await mapreduce.run({ input: splits, reducers: 3, combine: 'sum' })
  return { plain, combined }
}`,
      inputs: [lines],
    })
    expect(report.run.outcome).toEqual({ status: 'ok' })
    const { plain, combined } = report.run.outputs[0] as Record<
      string,
      { output: [string, number][][]; counters: JobCounters }
    >
    const merged = (parts: [string, number][][]) =>
      parts.flat().sort((a, b) => (JSON.stringify(a[0]) < JSON.stringify(b[0]) ? -1 : 1))
    expect(merged(plain!.output)).toEqual(expectedCounts(lines))
    expect(merged(combined!.output)).toEqual(expectedCounts(lines))
    // Each partition is in key order.
    for (const part of plain!.output) {
      const keys = part.map(([k]) => JSON.stringify(k))
      expect(keys).toEqual([...keys].sort())
    }
    expect(plain!.counters).toMatchObject({
      mapTasks: 8,
      mapInputRecords: 400,
      mapOutputRecords: 8000,
      reduceInputRecords: 8000,
      reduceTasks: 3,
    })
    expect(combined!.counters.combineInputRecords).toBe(8000)
    expect(combined!.counters.reduceInputRecords).toBe(combined!.counters.combineOutputRecords)
    expect(combined!.counters.shuffleBytes * 2).toBeLessThan(plain!.counters.shuffleBytes)
    expect(combined!.counters.reducerSkew).toBeGreaterThanOrEqual(1)
    expect(report.counters).toMatchObject({ mapreduceJobs: 2, workers: 2 })
    // The learner's .d.ts is text written beside the host type: it must name exactly what a job returns.
    const declared = /interface JobCounters \{([\s\S]*?)\n {2}\}/.exec(MAPREDUCE_DTS)?.[1] ?? ''
    const declaredNames = [...declared.matchAll(/^\s*(\w+): number$/gm)].map((match) => match[1])
    expect(declaredNames.sort()).toEqual(Object.keys(plain!.counters).sort())
    const labels = report.timeline.map((entry) => entry.label)
    for (const label of ['map 0', 'map 7', 'shuffle 0', 'reduce 2']) expect(labels).toContain(label)
    expect(new Set(report.timeline.map((entry) => entry.worker))).toEqual(new Set([0, 1]))
    expect(report.scratchLeft).toEqual([])
  })

  it('spills sorted runs to scratch files past the memory limit, merges them, and removes them', async () => {
    const report = await run({
      code: `
exports.map = (n, emit) => { for (let i = 0; i < 20000; i++) emit('k' + ((i * 7919 + n) % 5000), 'x'.repeat(20)) }
exports.reduce = (k, vs, emit) => emit(k, vs.length)
exports.solve = async (count) => {
  const splits = Array.from({ length: count }, (_, i) => [i])
  const { output, counters } = await mapreduce.run({ input: splits, reducers: 2 })
  return { total: output.flat().reduce((s, [, n]) => s + n, 0), keys: output.flat().length, counters }
}`,
      inputs: [40],
      limits: { memoryMb: 32, cpuMs: 30000, wallMs: 40000 },
    })
    expect(report.run.outcome).toEqual({ status: 'ok' })
    const out = report.run.outputs[0] as { total: number; keys: number; counters: JobCounters }
    expect(out.total).toBe(800_000)
    expect(out.keys).toBe(5000)
    expect(out.counters.spilledRuns).toBeGreaterThan(0)
    expect(out.counters.reduceInputGroups).toBe(5000)
    expect(report.scratchLeft).toEqual([])
  })

  it('chains jobs: the output partitions of one are the splits of the next; typed arrays pass through', async () => {
    const report = await run({
      code: `
exports.map = (x, emit) => emit(x % 10, new Float64Array([x]))
exports.reduce = (k, vs, emit) => { let s = 0; for (const v of vs) s += v[0]; emit(k, new Float64Array([s])) }
exports.map2 = ([k, v], emit) => emit('all', v[0])
exports.reduce2 = (k, vs, emit) => emit(k, vs.reduce((a, b) => a + b, 0))
exports.solve = async () => {
  const input = [[1, 2, 3], [4, 5, 6, 7], [8, 9, 10]]
  const result = await mapreduce.chain([{ input, reducers: 2 }, { reducers: 1, map: 'map2', reduce: 'reduce2' }])
  return { output: result.output, jobs: result.jobs.length }
}`,
      inputs: [0],
    })
    expect(report.run.outcome).toEqual({ status: 'ok' })
    expect(report.run.outputs[0]).toEqual({ output: [[['all', 55]]], jobs: 2 })
  })

  it('a float typed array holding NaN or an infinity is refused, naming the element (JSON would make it 0)', async () => {
    const report = await run({
      code: `
exports.map = (x, emit) => emit(x, new Float64Array([x, x === 2 ? NaN : 1, -0]))
exports.reduce = (k, vs, emit) => emit(k, vs[0])
exports.solve = async () => (await mapreduce.run({ input: [[1, 2]], reducers: 1 })).output
`,
      inputs: [0],
    })
    expect(report.run.outcome.status).toBe('RuntimeError')
    expect(report.run.outcome).toMatchObject({
      message: expect.stringMatching(
        /mapreduce: emit\(key, value\): the value\[1\] is NaN \(not a finite number\)/,
      ),
    })
  })

  it('a partitioner chooses the reducer, and a wrong answer from it is a clear error', async () => {
    const report = await run({
      code: `
exports.map = (x, emit) => emit(x, 1)
exports.reduce = (k, vs, emit) => emit(k, vs.length)
exports.even = (k, n) => k % n
exports.bad = () => 7
exports.solve = async (which) => (await mapreduce.run({ input: [[0, 1, 2, 3]], reducers: 2, partition: which })).output
`,
      inputs: ['even', 'bad'],
    })
    expect(report.run.outputs[0]).toEqual([
      [
        [0, 1],
        [2, 1],
      ],
      [
        [1, 1],
        [3, 1],
      ],
    ])
    expect(report.run.outcome.status).toBe('RuntimeError')
    expect(report.run.outcome).toMatchObject({ message: expect.stringContaining('partitioner returned 7') })
  })
  it('times each reducer by its isolate CPU time: slowestReduceNs is the loaded reducer, an idle one is 0', async () => {
    const report = await run({
      code: `
exports.map = (x, emit) => emit(x, x)
exports.reduce = (k, vs, emit) => { let s = 0; for (const v of vs) for (let i = 0; i < 2000; i++) s += Math.sqrt(v + i); emit(k, s) }
exports.first = () => 0
exports.solve = async () => {
  const input = [Array.from({ length: 2000 }, (_, i) => i), Array.from({ length: 2000 }, (_, i) => i + 2000)]
  const { counters, reducerNs, reducerRecords } = await mapreduce.run({ input, reducers: 3, partition: 'first' })
  return { counters, reducerNs, reducerRecords }
}`,
      inputs: [0],
    })
    expect(report.run.outcome).toEqual({ status: 'ok' })
    const out = report.run.outputs[0] as {
      counters: JobCounters
      reducerNs: number[]
      reducerRecords: number[]
    }
    expect(out.reducerRecords).toEqual([4000, 0, 0])
    expect(out.reducerNs[0]).toBeGreaterThan(0)
    expect(out.reducerNs.slice(1)).toEqual([0, 0])
    expect(out.counters.slowestReduceNs).toBe(out.reducerNs[0])
    expect(out.counters.meanReduceNs).toBeCloseTo(out.reducerNs[0]! / 3)
    // The run's counters carry the same as a diagnostic, per reducer too (the run's `slowestReduceNs`
    // is a clock: it adds the call's own CPU time and the map tasks' makespan, see the hostile tests).
    expect(report.counters).toMatchObject({
      jobsSlowestReduceNs: out.reducerNs[0],
      reducer0Ns: out.reducerNs[0],
      reducer1Ns: 0,
      reducer0Records: 4000,
    })
  })

  it("criticalPathNs adds the call's own CPU time to each job's map and reduce makespans on the slots", async () => {
    const code = (spinInSolve: boolean) => `
exports.map = (x, emit) => emit(x % 4, x)
exports.reduce = (k, vs, emit) => { let s = 0; for (const v of vs) s += v; emit(k, s) }
exports.solve = async () => {
  const input = [Array.from({ length: 1000 }, (_, i) => i), Array.from({ length: 1000 }, (_, i) => i + 1000)]
  await mapreduce.run({ input, reducers: 2 })
  let s = 0
  ${spinInSolve ? 'for (let i = 0; i < 3e7; i++) s += Math.sqrt(i)' : ''}
  return s
}`
    const lean = await run({ code: code(false), inputs: [0] })
    const busy = await run({ code: code(true), inputs: [0] })
    for (const report of [lean, busy]) {
      expect(report.run.outcome).toEqual({ status: 'ok' })
      const critical = report.counters.criticalPathNs ?? 0
      // The jobs' part is what is left after the call's own CPU time, and it holds the slowest reducer.
      expect(critical - (report.run.calls[0]?.cpuNs ?? 0)).toBeGreaterThanOrEqual(
        report.counters.jobsSlowestReduceNs ?? 0,
      )
      expect(report.counters.slowestReduceNs).toBe(critical)
    }
    // Work moved out of the reducers into solve still counts: the spinning call's path holds its CPU.
    expect(busy.counters.criticalPathNs).toBeGreaterThanOrEqual(busy.run.calls[0]?.cpuNs ?? 0)
    expect(busy.run.calls[0]?.cpuNs ?? 0).toBeGreaterThan(lean.run.calls[0]?.cpuNs ?? 0)
  })
  it('output partitions decode exactly in the next job and in the learner isolate, awkward text included', async () => {
    const report = await run({
      code: `
exports.map = (x, emit) => emit(x.k, x.v)
exports.reduce = (k, vs, emit) => emit(k, vs)
exports.pass = ([k, v], emit) => emit(k, v)
exports.solve = async (records) => {
  const chained = await mapreduce.chain([{ input: [records.slice(0, 2), records.slice(2)], reducers: 3 }, { reducers: 2, map: 'pass' }])
  const single = await mapreduce.run({ input: [records], reducers: 1 })
  return { chained: chained.output.flat(), single: single.output.flat() }
}`,
      inputs: [
        [
          { k: 'tab\there', v: 'new\nline' },
          { k: '],[', v: { $typed: 'not really', data: 'x' } },
          { k: 'tab\there', v: [1.5, -0, 1e300] },
          { k: 7, v: null },
        ],
      ],
    })
    expect(report.run.outcome).toEqual({ status: 'ok' })
    const out = report.run.outputs[0] as { chained: [unknown, unknown][]; single: [unknown, unknown][] }
    // Sorted by the key's JSON text, as the engine does: '"' sorts before '7'.
    const expected: [unknown, unknown[]][] = [
      ['],[', [[{ $typed: 'not really', data: 'x' }]]],
      ['tab\there', [['new\nline', [1.5, 0, 1e300]]]],
      [7, [[null]]],
    ]
    const byKey = (pairs: [unknown, unknown][]) =>
      [...pairs].sort((a, b) => (JSON.stringify(a[0]) < JSON.stringify(b[0]) ? -1 : 1))
    expect(byKey(out.chained)).toEqual(expected)
    expect(byKey(out.single)).toEqual(expected.map(([k, [v]]) => [k, v]))
  })
})

describe('mapreduce engine, file inputs (HDFS-like blocks only the engine reads)', () => {
  const lines = wordLines(3000, 12)
  const corpus = `${lines.join('\n')}\n`

  it('cuts the file into splits of whole lines: every line read once, whatever the split size', async () => {
    const report = await run({
      code: `${WORD_COUNT}
exports.solve = async (name) => {
  const whole = await mapreduce.run({ input: { file: name }, reducers: 3, combine: 'sum' })
  const small = await mapreduce.run({ input: { file: name, splitBytes: 4096 }, reducers: 2, combine: 'sum' })
  return { whole: whole.output.flat(), small: small.output.flat(), splits: [whole.counters.mapTasks, small.counters.mapTasks], records: small.counters.mapInputRecords, blockBytes: mapreduce.blockBytes }
}`,
      inputs: ['corpus.txt'],
      files: { 'corpus.txt': corpus },
    })
    expect(report.run.outcome).toEqual({ status: 'ok' })
    const out = report.run.outputs[0] as {
      whole: [string, number][]
      small: [string, number][]
      splits: number[]
      records: number
      blockBytes: number
    }
    const sorted = (pairs: [string, number][]) => [...pairs].sort((a, b) => (a[0] < b[0] ? -1 : 1))
    expect(sorted(out.whole)).toEqual(expectedCounts(lines))
    expect(sorted(out.small)).toEqual(expectedCounts(lines))
    expect(out.records).toBe(3000)
    expect(out.blockBytes).toBe(2 ** 20)
    expect(out.splits).toEqual([Math.ceil(corpus.length / 2 ** 20), Math.ceil(corpus.length / 4096)])
    expect(report.counters.taskCpuNs).toBeGreaterThan(0)
  })

  it("records: 'json' parses each line; a line that is not JSON is the learner's TypeError", async () => {
    const report = await run({
      code: `exports.map = (view, emit) => emit(view[0], view[1])
exports.reduce = (k, vs, emit) => emit(k, vs.reduce((a, b) => a + b, 0))
exports.solve = async (name) => (await mapreduce.run({ input: { file: name, records: 'json' }, reducers: 1 })).output[0]`,
      inputs: ['views.jsonl', 'bad.jsonl'],
      files: { 'views.jsonl': '["/a",1]\n["/b",2]\n["/a",3]\n', 'bad.jsonl': '["/a",1]\nnot json\n' },
    })
    expect(report.run.outputs[0]).toEqual([
      ['/a', 4],
      ['/b', 2],
    ])
    expect(report.run.outcome).toMatchObject({
      status: 'RuntimeError',
      message: expect.stringContaining('is not JSON'),
    })
  })

  it("a missing file, a path and a bad split size reject the learner's call with what was wrong", async () => {
    const report = await run({
      code: `${WORD_COUNT}
exports.solve = async () => {
  const said = []
  for (const input of [{ file: 'nope.txt' }, { file: '../etc/passwd' }, { file: 'corpus.txt', splitBytes: 10 }, { file: 'mapreduce-1-0.run' }]) {
    try { await mapreduce.run({ input, reducers: 1 }) } catch (error) { said.push(error.name + ': ' + error.message) }
  }
  return said
}`,
      inputs: [0],
      files: { 'corpus.txt': corpus },
    })
    expect(report.run.outcome).toEqual({ status: 'ok' })
    const said = report.run.outputs[0] as string[]
    expect(said).toHaveLength(4)
    expect(said[0]).toMatch(/TypeError: .*no input file named "nope.txt"/)
    expect(said[1]).toMatch(/TypeError: .*contains "\.\."/)
    expect(said[2]).toMatch(/RangeError: .*splitBytes must be a whole number from 4096/)
    expect(said[3]).toMatch(/TypeError: .*the engine's own shuffle file/)
  })
})
