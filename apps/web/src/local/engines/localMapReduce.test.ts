// The browser's mapreduce job flow with the engines' own guest and worker sources, each "worker" a
// fresh V8 context (node:vm) standing in for a nested Web Worker: the settle value the guest turns into
// the learner's result, and the server's words for a task's error.
import vm from 'node:vm'
import { MAPREDUCE_GUEST_SOURCE, mapreduceWorkerSource } from '@arena/engines/browser'
import { describe, expect, it } from 'vitest'
import { createLocalEngines } from './localEngineHost.ts'
import type { MapReduceFault, TaskFault, TaskThread } from './localMapReduce.ts'

const GLOBAL = 'learner'

/** One pool worker: the worker source, then the learner's module, in a context of its own. */
function thread(module: string, size: number): TaskThread {
  const context = vm.createContext({})
  vm.runInContext(`${mapreduceWorkerSource(size, 0, GLOBAL, 64)};`, context)
  vm.runInContext(
    `globalThis.${GLOBAL} = (() => { const exports = {}; ${module}; return exports })()`,
    context,
    {
      filename: 'solution.ts.js',
    },
  )
  return {
    async run(name, task, info) {
      const helpers = vm.runInContext('__arena_helpers', context)
      try {
        // Tasks cross as structured clones, as postMessage copies them.
        return structuredClone(helpers[name.slice('host:'.length)](structuredClone(task), info))
      } catch (error) {
        const { name: kind, message, stack } = error as Error
        throw { name: kind, message, stack: String(stack) } satisfies TaskFault
      }
    },
  }
}

async function run(
  module: string,
  solve: string,
  input: unknown,
  options: {
    diskMb?: number
    jobResultKb?: number
    files?: Record<string, string>
    written?: Map<string, Uint8Array>
    /** The files are the call's inputs, as programRuntime says of a case's files. */
    dataAreFiles?: boolean
  } = {},
) {
  const threads = [thread(module, 2), thread(module, 2)]
  const files = new Map(
    Object.entries(options.files ?? {}).map(([name, text]) => [name, new TextEncoder().encode(text)]),
  )
  const engines = await createLocalEngines({
    engines: ['mapreduce'],
    memoryMb: 64,
    gpu: undefined,
    mapreduce: {
      threads,
      diskMb: options.diskMb ?? 64,
      ...(options.jobResultKb !== undefined && { jobResultKb: options.jobResultKb }),
      readFile: (name) => files.get(name) ?? options.written?.get(name),
      dataAreFiles: () => options.dataAreFiles === true,
      // A job's output file lands among the run's files, as programRuntime's do.
      output: {
        write: (name, bytes) => options.written?.set(name, bytes),
        isInput: (name) => files.has(name),
        usedBytes: () => [...(options.written?.values() ?? [])].reduce((sum, b) => sum + b.length, 0),
      },
    },
  })
  const main = vm.createContext({ __arena_engines: {} })
  const guest = vm.runInContext(MAPREDUCE_GUEST_SOURCE, main)
  engines.install({ mapreduce: guest }, (call) => call())
  const solveIn = vm.runInContext(
    `(async function (input) { const { mapreduce } = __arena_engines.mapreduce; ${solve} })`,
    main,
  )
  try {
    return { value: await solveIn(input), fault: engines.failure() as MapReduceFault | undefined }
  } catch (error) {
    return { error: (error as Error).message, fault: engines.failure() as MapReduceFault | undefined }
  }
}

const WORD_COUNT = `
  exports.map = (line, emit) => { for (const word of line.split(' ')) emit(word, 1) };
  exports.sum = (word, counts, emit) => emit(word, counts.reduce((a, b) => a + b, 0));
`

describe('mapreduce in a local run', () => {
  it('counts words over two workers and settles the guest with the server value shape', async () => {
    const { value, fault } = await run(
      WORD_COUNT,
      `return mapreduce.run({ input: input, reducers: 3, reduce: 'sum', combine: 'sum' })`,
      [['a b a', 'c'], ['b a']],
    )
    expect(fault).toBeUndefined()
    const result = value as {
      output: [string, number][][]
      jobs: Record<string, number>[]
      counters: Record<string, number>
      reducerRecords: number[]
    }
    expect(
      result.output
        .flat()
        .map(([key, n]) => `${key}=${n}`)
        .sort(),
    ).toEqual(['a=3', 'b=2', 'c=1'])
    expect(result.jobs).toHaveLength(1)
    expect(result.counters).toMatchObject({
      mapTasks: 2,
      mapInputRecords: 3,
      mapOutputRecords: 6,
      combineInputRecords: 6,
      combineOutputRecords: 5,
      reduceTasks: 3,
      reduceInputGroups: 3,
      reduceOutputRecords: 3,
    })
    expect(result.reducerRecords.reduce((a, b) => a + b, 0)).toBe(5)
  })

  it('chains jobs: the second job maps the first job output', async () => {
    const { value } = await run(
      `${WORD_COUNT}
      exports.byCount = ([word, n], emit) => emit(n, word);
      exports.list = (n, words, emit) => emit(n, words.sort());`,
      `return mapreduce.chain([
        { input: input, reducers: 2, reduce: 'sum' },
        { reducers: 1, map: 'byCount', reduce: 'list' },
      ])`,
      [['x y x'], ['z x y']],
    )
    const result = value as { output: [number, string[]][][]; jobs: unknown[] }
    expect(result.jobs).toHaveLength(2)
    expect(result.output).toEqual([
      [
        [1, ['z']],
        [2, ['y']],
        [3, ['x']],
      ],
    ])
  })

  it("ends the run with the server's words when the learner's map throws, with its stack for the line", async () => {
    const { error, fault } = await run(
      `exports.map = (line, emit) => { if (line === 'bad') throw new RangeError('no bad lines'); emit(line, 1) };
       exports.reduce = (key, values, emit) => emit(key, values.length);`,
      `return mapreduce.run({ input: input, reducers: 1 })`,
      [['ok', 'bad']],
    )
    expect(fault).toMatchObject({
      status: 'RuntimeError',
      message: 'RangeError: no bad lines',
      suffix: ', while running map task 0 (`map`) on worker 0',
    })
    expect(fault?.stack).toMatch(/solution\.ts\.js:1:/)
    expect(error).toBe('RangeError: no bad lines')
  })

  it("reports an emitted function and a partitioner's bad reducer as the worker source words them", async () => {
    const emitsFunction = await run(
      `exports.map = (line, emit) => emit(line, () => 1); exports.reduce = () => {};`,
      `return mapreduce.run({ input: input, reducers: 1 })`,
      [['a']],
    )
    expect(emitsFunction.fault?.message).toMatch(
      /^TypeError: mapreduce: emit\(key, value\): the value is a function/,
    )
    const partitioner = await run(
      `exports.map = (line, emit) => emit(line, 1); exports.reduce = () => {}; exports.seven = () => 7;`,
      `return mapreduce.run({ input: input, reducers: 2, partition: 'seven' })`,
      [['a']],
    )
    expect(partitioner.fault?.message).toMatch(
      /^RangeError: mapreduce: your partitioner returned 7 for the key "a"; it must return a whole number from 0 to 1/,
    )
  })

  it('stops a shuffle past the disk quota and a map task past its emit cap, and checks specs in the learner call', async () => {
    const big = await run(
      `exports.map = (n, emit) => { for (let i = 0; i < n; i++) emit('k' + i, 'x'.repeat(100)) };
       exports.reduce = () => {};`,
      `return mapreduce.run({ input: input, reducers: 1 })`,
      [[30_000], [30_000], [30_000], [30_000], [30_000], [30_000]],
      { diskMb: 1 },
    )
    expect(big.fault).toMatchObject({
      status: 'RuntimeError',
      message: expect.stringMatching(/^mapreduce: the shuffle needed more than the disk quota of 1 MB/),
    })
    const flood = await run(
      `exports.map = (n, emit) => { for (let i = 0; i < n; i++) emit(i, i) }; exports.reduce = () => {};`,
      `return mapreduce.run({ input: input, reducers: 1 })`,
      [[1], [300_000]],
    )
    expect(flood.fault?.message).toMatch(
      /^RangeError: mapreduce: map task 1 emitted more than 8 MB or 262144 pairs/,
    )
    const bad = await run(WORD_COUNT, `return mapreduce.run({ input: input, reducers: 0 })`, [['a']])
    expect(bad.error).toBe('mapreduce: job 0.reducers must be a whole number from 1 to 1024, got 0')
    expect(bad.fault).toBeUndefined()
  })

  it("reads a file input in splits of whole lines, as the server does; a missing file rejects the learner's call", async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `w${i % 7} w${i % 13} w${i % 3}`)
    const counts = new Map<string, number>()
    for (const line of lines)
      for (const word of line.split(' ')) counts.set(word, (counts.get(word) ?? 0) + 1)
    const { value, fault } = await run(
      WORD_COUNT,
      `const job = await mapreduce.run({ input: { file: input, splitBytes: 4096 }, reducers: 2, reduce: 'sum', combine: 'sum' })
       let missing
       try { await mapreduce.run({ input: { file: 'nope.txt' }, reducers: 1, reduce: 'sum' }) } catch (error) { missing = error.name + ': ' + error.message }
       return { output: job.output.flat(), mapTasks: job.counters.mapTasks, records: job.counters.mapInputRecords, missing, blockBytes: mapreduce.blockBytes }`,
      'corpus.txt',
      { files: { 'corpus.txt': `${lines.join('\n')}\n` } },
    )
    expect(fault).toBeUndefined()
    const result = value as {
      output: [string, number][]
      mapTasks: number
      records: number
      missing: string
      blockBytes: number
    }
    expect(new Map(result.output)).toEqual(counts)
    expect(result.records).toBe(2000)
    expect(result.mapTasks).toBeGreaterThan(1)
    expect(result.blockBytes).toBe(2 ** 20)
    expect(result.missing).toBe(
      'TypeError: mapreduce: job 0.input.file: there is no input file named "nope.txt"',
    )
  })

  it("takes no records from solve as a job's input in a call whose data are files, in the server's words", async () => {
    const { value, fault } = await run(
      WORD_COUNT,
      `const refused = await mapreduce.run({ input: [['w1 w2']], reducers: 1, reduce: 'sum' }).then(() => 'ran', (error) => error.name + ': ' + error.message)
       const job = await mapreduce.run({ input: { file: input }, reducers: 1, reduce: 'sum' })
       return { refused, words: job.output[0].length }`,
      'corpus.txt',
      { files: { 'corpus.txt': 'w1 w2\nw2 w3\n' }, dataAreFiles: true },
    )
    expect(fault).toBeUndefined()
    expect(value).toEqual({
      refused:
        "TypeError: mapreduce: job 0.input: this challenge's data are files, so a job reads a file (`input: { file }`) or the output of the job before it in a chain; records from solve cannot be a job's input (a Hadoop driver hands its jobs paths, not records)",
      words: 3,
    })
  })

  it("writes a job's output file among the run's files, as the server does, for a later job and the check", async () => {
    const written = new Map<string, Uint8Array>()
    const { value, fault } = await run(
      `${WORD_COUNT}
       exports.total = ([word, n], emit) => emit('total', n);`,
      `const job = await mapreduce.run({ input, reducers: 2, reduce: 'sum', combine: 'sum', output: { file: 'counts' } })
       const later = await mapreduce.chain([
         { input, reducers: 2, reduce: 'sum', output: { file: 'again' } },
         { map: 'total', reduce: 'sum', reducers: 1 },
       ])
       const said = []
       for (const output of [{ file: 'corpus.txt' }, { file: 'mapreduce-1' }]) {
         try { await mapreduce.run({ input, reducers: 1, reduce: 'sum', output }) } catch (error) { said.push(error.message) }
       }
       return { output: job.output, file: job.file, total: later.output[0], said }`,
      [['a b a', 'c'], ['b a']],
      { files: { 'corpus.txt': 'x\n' }, written },
    )
    expect(fault).toBeUndefined()
    const result = value as { output: unknown[][]; file: unknown; total: unknown; said: string[] }
    expect(result.output).toEqual([[], []])
    const text = new TextDecoder().decode(written.get('counts'))
    expect(result.file).toEqual({ file: 'counts', bytes: text.length, records: 3 })
    const pairs = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as [string, number])
    expect(new Map(pairs)).toEqual(
      new Map([
        ['a', 3],
        ['b', 2],
        ['c', 1],
      ]),
    )
    expect(result.total).toEqual([['total', 6]])
    expect(result.said).toEqual([
      'mapreduce: job 0.output.file: corpus.txt is already in the scratch folder and no job wrote it (an input file is read-only); write under another name',
      "mapreduce: job 0.output.file: mapreduce-1 starts like the engines' own files; choose another name",
    ])
  })

  it('ends the run with the disk-quota words when the reducers write past the quota', async () => {
    const { fault } = await run(
      `exports.map = (n, emit) => emit(n, n);
       exports.reduce = (k, vs, emit) => { for (let i = 0; i < 3000; i++) emit(k * 3000 + i, 'y'.repeat(500)) };`,
      `return mapreduce.run({ input, reducers: 2, output: { file: 'flood' } })`,
      [[1, 2], [3]],
      { diskMb: 2, written: new Map() },
    )
    expect(fault).toMatchObject({
      status: 'RuntimeError',
      message: expect.stringContaining('"flood" would bring the scratch folder past the disk quota of 2 MB'),
    })
  })

  it("ends the run in the server's words when a job brings back more than the challenge's jobResultKb", async () => {
    const pipe = `exports.map = (line, emit) => emit(line.length, line);
       exports.reduce = (k, lines, emit) => { for (const line of lines) emit(k, line) };`
    const solve = `const job = await mapreduce.run({ input, reducers: 2 }); return job.output.flat().length`
    const lines = [Array.from({ length: 300 }, (_, i) => `line ${i} ${'x'.repeat(i % 40)}`)]
    const { fault } = await run(pipe, solve, lines, { jobResultKb: 4 })
    expect(fault).toMatchObject({
      status: 'RuntimeError',
      message: expect.stringContaining('larger than 4 KB, the most this challenge lets a job bring back'),
    })
    expect(await run(pipe, solve, lines)).toMatchObject({ value: 300, fault: undefined })
  })
})
