// A job's `output: { file }`: the reducers write the output into the scratch folder (Hadoop's part
// files, joined), against the disk quota, for a later job and the challenge's check to read.
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

const WORD_COUNT = `
exports.map = (line, emit) => { for (const w of line.split(' ')) if (w) emit(w, 1) }
exports.sum = (k, vs, emit) => { let s = 0; for (const v of vs) s += v; emit(k, s) }
exports.reduce = exports.sum
`
const CORPUS = `${Array.from({ length: 400 }, (_, i) => `w${i % 7} w${i % 13} w${i % 7}`).join('\n')}\n`

function expectedCounts(): Map<string, number> {
  const counts = new Map<string, number>()
  for (const line of CORPUS.split('\n'))
    for (const w of line.split(' ')) if (w) counts.set(w, (counts.get(w) ?? 0) + 1)
  return counts
}

describe('mapreduce engine, a call whose data are files', () => {
  it('takes no records from solve as a job’s input, and runs file jobs and chains as before', async () => {
    const report = await run({
      code: `${WORD_COUNT}
exports.solve = async (name) => {
  const refused = await mapreduce.run({ input: [['w1 w2']], reducers: 1 }).then(() => 'ran', (error) => error.message)
  const counts = await mapreduce.run({ input: { file: name }, reducers: 2, output: { file: 'counts' } })
  const again = await mapreduce.run({ input: { file: 'counts', records: 'json' }, map: 'pass', reducers: 1 })
  return { refused, records: counts.file.records, keys: again.output[0].length }
}
exports.pass = (pair, emit) => emit(pair[0], pair[1])`,
      inputs: ['corpus.txt'],
      files: { 'corpus.txt': CORPUS },
      staged: true,
    })
    expect(report.run.outcome).toEqual({ status: 'ok' })
    const out = report.run.outputs[0] as { refused: string; records: number; keys: number }
    expect(out.refused).toMatch(/this challenge's data are files, so a job reads a file/)
    expect(out.refused).toMatch(/records from solve cannot be a job's input/)
    expect(out).toMatchObject({ records: 13, keys: 13 })
  })
})

describe("mapreduce engine, a challenge's jobResultKb", () => {
  // 400 lines of ~12 characters piped back as [id, line] pairs: ~9 KB; the counts are 20 short pairs.
  const JOBS = `${WORD_COUNT}
let seen = 0
exports.tag = (line, emit) => emit(seen++, line)
exports.pass = (id, lines, emit) => { for (const line of lines) emit(id, line) }
exports.resplit = (pair, emit) => { for (const w of pair[1].split(' ')) if (w) emit(w, 1) }
const pipe = (name) => ({ input: { file: name }, map: 'tag', reduce: 'pass', reducers: 2 })`
  const PIPE = `${JOBS}
exports.solve = async (name) => (await mapreduce.run(pipe(name))).output.flat().length`
  const counted = (name: string) => ({
    code: `${JOBS}
exports.solve = async (name) => {
  const chained = await mapreduce.chain([pipe(name), { map: 'resplit', combine: 'sum', reduce: 'sum', reducers: 2 }])
  const written = await mapreduce.run({ ...pipe(name), output: { file: 'lines' } })
  return { words: chained.output.flat().length, written: written.file.records }
}`,
    inputs: [name],
    files: { [name]: CORPUS },
    staged: true,
  })

  it('ends the run when the output a job brings back to solve passes it, saying why', async () => {
    const report = await run({
      code: PIPE,
      inputs: ['corpus.txt'],
      files: { 'corpus.txt': CORPUS },
      staged: true,
      limits: { jobResultKb: 4 },
    })
    expect(report.run.outcome).toMatchObject({ status: 'RuntimeError' })
    const { message } = report.run.outcome as { message: string }
    expect(message).toMatch(/larger than 4 KB, the most this challenge lets a job bring back/)
    expect(message).toMatch(/aggregate in the tasks/)
  })

  it('does not bound a chain’s inner jobs nor a job that writes a file', async () => {
    const report = await run({ ...counted('corpus.txt'), limits: { jobResultKb: 4 } })
    expect(report.run.outcome).toEqual({ status: 'ok' })
    expect(report.run.outputs[0]).toEqual({ words: expectedCounts().size, written: 400 })
  })

  it('lets the same pipe through where the challenge sets none', async () => {
    const report = await run({
      code: PIPE,
      inputs: ['corpus.txt'],
      files: { 'corpus.txt': CORPUS },
      staged: true,
    })
    expect(report.run.outcome).toEqual({ status: 'ok' })
    expect(report.run.outputs[0]).toBe(400)
  })
})

describe('mapreduce engine, output files', () => {
  it('writes the reducers’ pairs as JSON lines, reducer by reducer in key order, and returns empty partitions', async () => {
    const report = await run({
      code: `${WORD_COUNT}
exports.pairs = (k, vs, emit) => emit(k, new Float64Array([vs.length, 0.5]))
exports.solve = async (name) => {
  const counts = await mapreduce.run({ input: { file: name }, reducers: 3, combine: 'sum', output: { file: 'counts' } })
  const typed = await mapreduce.run({ input: [[1, 2], [3]], map: 'map1', reducers: 1, reduce: 'pairs', output: { file: 'typed.jsonl' } })
  return { output: counts.output, file: counts.file, typed: typed.file, reducers: counts.counters.reduceTasks }
}
exports.map1 = (x, emit) => emit(x, x)`,
      inputs: ['corpus.txt'],
      files: { 'corpus.txt': CORPUS },
    })
    expect(report.run.outcome).toEqual({ status: 'ok' })
    const out = report.run.outputs[0] as { output: unknown[][]; file: unknown; typed: unknown }
    expect(out.output).toEqual([[], [], []])
    const text = report.left.counts ?? ''
    expect(out.file).toEqual({ file: 'counts', bytes: Buffer.byteLength(text), records: 13 })
    const pairs = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as [string, number])
    expect(new Map(pairs)).toEqual(expectedCounts())
    // Three reducers, each in key order: the file is three sorted runs (at most two descents).
    const descents = pairs.filter((p, i) => i > 0 && JSON.stringify(p[0]) < JSON.stringify(pairs[i - 1]?.[0]))
    expect(descents.length).toBeLessThanOrEqual(2)
    expect(report.left['typed.jsonl']).toBe('[1,[1,0.5]]\n[2,[1,0.5]]\n[3,[1,0.5]]\n')
    expect(out.typed).toMatchObject({ file: 'typed.jsonl', records: 3 })
    // Only the outputs stay: no part file, no shuffle run.
    expect(report.scratchLeft.sort()).toEqual(['counts', 'typed.jsonl'])
    expect(report.counters.outputBytesHeld).toBe(Buffer.byteLength(text) + 36)
  })

  it('a later job reads the file (records: json), and in a chain the next job reads it', async () => {
    const report = await run({
      code: `${WORD_COUNT}
exports.total = ([word, n], emit) => emit('total', n)
exports.solve = async (name) => {
  await mapreduce.run({ input: { file: name }, reducers: 2, combine: 'sum', output: { file: 'counts' } })
  const later = await mapreduce.run({ input: { file: 'counts', records: 'json' }, map: 'total', reducers: 1 })
  const chained = await mapreduce.chain([
    { input: { file: name }, reducers: 2, combine: 'sum', output: { file: 'step-1' } },
    { map: 'total', reducers: 1 },
  ])
  return { later: later.output[0], chained: chained.output[0], jobs: chained.jobs.length }
}`,
      inputs: ['corpus.txt'],
      files: { 'corpus.txt': CORPUS },
    })
    expect(report.run.outcome).toEqual({ status: 'ok' })
    expect(report.run.outputs[0]).toEqual({ later: [['total', 1200]], chained: [['total', 1200]], jobs: 2 })
    expect(report.scratchLeft.sort()).toEqual(['counts', 'step-1'])
  })

  it("a bad name, an engine's name or an input file rejects the learner's call; nothing is written", async () => {
    const report = await run({
      code: `${WORD_COUNT}
exports.solve = async () => {
  const said = []
  for (const output of [{ file: '../up' }, { file: 'mapreduce-1-part-00000' }, { file: 'corpus.txt' }, { name: 'x' }]) {
    try { await mapreduce.run({ input: [['a b']], reducers: 1, output }) } catch (error) { said.push(error.name + ': ' + error.message) }
  }
  return said
}`,
      inputs: [0],
      files: { 'corpus.txt': CORPUS },
    })
    expect(report.run.outcome).toEqual({ status: 'ok' })
    const said = report.run.outputs[0] as string[]
    expect(said).toHaveLength(4)
    expect(said[0]).toMatch(/TypeError: mapreduce: job 0\.output\.file: .*contains "\.\."/)
    expect(said[1]).toMatch(/TypeError: .*starts like the engines' own files/)
    expect(said[2]).toMatch(/TypeError: .*corpus\.txt is already in the scratch folder and no job wrote it/)
    expect(said[3]).toMatch(/TypeError: mapreduce: job 0\.output must be \{ file: "name" \}/)
    expect(report.scratchLeft).toEqual([])
  })

  it('an output larger than the isolate’s memory is written, where returning it is a MemoryLimit', async () => {
    const code = (
      output: string,
    ) => `exports.map = (n, emit) => { for (let i = 0; i < 2000; i++) emit(n * 2000 + i, 'x'.repeat(400)) }
exports.reduce = (k, vs, emit) => emit(k, vs[0])
exports.solve = async () => {
  const r = await mapreduce.run({ input: Array.from({ length: 12 }, (_, i) => [i]), reducers: 2${output} })
  return r.file ?? r.output.length
}`
    const limits = { memoryMb: 8, cpuMs: 20000, wallMs: 30000 }
    const written = await run({ code: code(", output: { file: 'big' }"), inputs: [0], limits })
    expect(written.run.outcome).toEqual({ status: 'ok' })
    expect(written.run.outputs[0]).toMatchObject({ file: 'big', records: 24000 })
    expect((written.run.outputs[0] as { bytes: number }).bytes).toBeGreaterThan(9 * 2 ** 20)
    const returned = await run({ code: code(''), inputs: [0], limits })
    expect(returned.run.outcome).toMatchObject({
      status: 'MemoryLimit',
      message: expect.stringContaining('would not fit in your isolate'),
    })
  })

  it('a reducer emitting past the disk quota ends the run with the quota verdict and leaves no part behind', async () => {
    const report = await run({
      code: `exports.map = (n, emit) => emit(n, n)
exports.reduce = (k, vs, emit) => { for (let i = 0; i < 4000; i++) emit(k * 4000 + i, 'y'.repeat(500)) }
exports.solve = async () => (await mapreduce.run({ input: [[1, 2, 3], [4, 5, 6]], reducers: 2, output: { file: 'flood' } })).file`,
      inputs: [0],
      limits: { memoryMb: 32, diskMb: 4, cpuMs: 20000, wallMs: 30000 },
    })
    expect(report.run.outcome).toMatchObject({
      status: 'RuntimeError',
      message: expect.stringContaining('"flood" would bring the scratch folder past the disk quota of 4 MB'),
    })
    expect(report.scratchLeft).toEqual([])
  })

  it('writing a name again replaces the file, whose bytes leave the quota: a loop of jobs fits', async () => {
    const report = await run({
      code: `exports.map = (n, emit) => { for (let i = 0; i < 1000; i++) emit(n * 1000 + i, 'z'.repeat(1000)) }
exports.reduce = (k, vs, emit) => emit(k, vs[0])
exports.solve = async () => {
  let last
  for (let step = 0; step < 12; step++) last = (await mapreduce.run({ input: [[0], [1]], reducers: 2, output: { file: 'state' } })).file
  return last
}`,
      inputs: [0],
      limits: { memoryMb: 32, diskMb: 8, cpuMs: 30000, wallMs: 40000 },
    })
    expect(report.run.outcome).toEqual({ status: 'ok' })
    expect(report.run.outputs[0]).toMatchObject({ file: 'state', records: 2000 })
    expect(report.scratchLeft).toEqual(['state'])
  })
})
