// The browser's dataset engine (the server's DatasetJob over the page's JobHost) with the engines' own
// guest and worker sources, each "worker" a fresh V8 context (node:vm) standing in for a nested Web
// Worker: actions' answers through the guest, files in memory, and the server's words for a task's
// error and for a function that cannot be sent.
import vm from 'node:vm'
import { DATASET_GUEST_SOURCE, datasetWorkerSource } from '@arena/engines/browser'
import { describe, expect, it } from 'vitest'
import type { DatasetThread } from './localDataset.ts'
import { createLocalEngines } from './localEngineHost.ts'
import type { MapReduceFault, TaskFault } from './localMapReduce.ts'

const GLOBAL = 'learner'
const SCRIPT = 'solution.ts.js'

/** The learner's module as the program: `exports.solve` and whatever it defines, in one script. */
function program(module: string): string {
  return `globalThis.${GLOBAL} = (() => { const exports = {}; const { dataset } = __arena_engines.dataset;\n${module}\nreturn exports })()`
}

function fault(error: unknown): TaskFault {
  const { name, message, stack } = error as Error
  return { name, message, stack: String(stack) }
}

/** One pool worker: the worker source, then the learner's module, in a context of its own. */
function thread(code: string, size: number): DatasetThread {
  const context = vm.createContext({})
  vm.runInContext(`${datasetWorkerSource(size, 0, 64, 32)};`, context)
  vm.runInContext(code, context, { filename: SCRIPT })
  return {
    async run(name, task, info) {
      const helpers = vm.runInContext('__arena_helpers', context)
      try {
        // Tasks cross as structured clones, as postMessage copies them.
        return structuredClone(helpers[name.slice('host:'.length)](structuredClone(task), info))
      } catch (error) {
        throw fault(error)
      }
    },
    async evaluate(script, lineOffset) {
      try {
        return vm.runInContext(script, context, { filename: SCRIPT, lineOffset })
      } catch (error) {
        throw fault(error)
      }
    },
  }
}

async function run(
  module: string,
  input: unknown,
  files: Record<string, string> = {},
  options: { jobResultKb?: number; jobResultRecords?: number } = {},
) {
  const code = program(module)
  const threads = [thread(code, 2), thread(code, 2)]
  const runFiles = new Map(
    Object.entries(files).map(([name, text]) => [name, new TextEncoder().encode(text) as Uint8Array]),
  )
  const engines = await createLocalEngines({
    engines: ['dataset'],
    memoryMb: 64,
    gpu: undefined,
    dataset: {
      threads,
      diskMb: 64,
      workers: 2,
      ...options,
      program: { code, globalName: GLOBAL },
      readFile: (name) => runFiles.get(name),
      writeFile: (name, bytes) => runFiles.set(name, bytes),
    },
  })
  const main = vm.createContext({ __arena_engines: {} })
  const guest = vm.runInContext(DATASET_GUEST_SOURCE, main)
  engines.install({ dataset: guest }, (call) => call())
  vm.runInContext(code, main, { filename: SCRIPT })
  const solve = vm.runInContext(`${GLOBAL}.solve`, main)
  engines.beforeCall()
  const failure = () => engines.failure() as MapReduceFault | undefined
  try {
    return { value: await solve(input), fault: failure(), files: runFiles }
  } catch (error) {
    return { error: (error as Error).message, fault: failure(), files: runFiles }
  }
}

describe('the local dataset engine', () => {
  it('runs a reduceByKey job over fromArray, planned and shuffled as on the server', async () => {
    const { value, fault } = await run(
      `exports.solve = async (words) => {
  const counts = await dataset.fromArray(words, 3).map((w) => [w, 1]).reduceByKey((a, b) => a + b).collect()
  return { counts: counts.sort((a, b) => (a[0] < b[0] ? -1 : 1)), stages: dataset.lastJob().stages.length }
}`,
      ['a', 'b', 'a', 'c', 'a', 'b'],
    )
    expect(fault).toBeUndefined()
    expect(value).toEqual({
      counts: [
        ['a', 3],
        ['b', 2],
        ['c', 1],
      ],
      stages: 2,
    })
  })

  it('reads an input file of the run and writes an output among the run files', async () => {
    const { value, fault, files } = await run(
      `exports.solve = async () => {
  const lines = dataset.read('in.txt', { format: 'lines' }).filter((line) => line.startsWith('k'))
  const written = await lines.write('out.txt', { format: 'lines' })
  return { written: written.records, count: await dataset.read('out.txt', { format: 'lines' }).count() }
}`,
      null,
      { 'in.txt': 'k1\nx\nk2\nk3\n' },
    )
    expect(fault).toBeUndefined()
    expect(value).toEqual({ written: 3, count: 3 })
    expect(new TextDecoder().decode(files.get('out.txt'))).toBe('k1\nk2\nk3\n')
  })

  it("says which stage, task and line a learner's function threw in (the run's fault)", async () => {
    const { fault } = await run(
      `exports.solve = async (xs) => dataset.fromArray(xs, 2).map((x) => {
  if (x > 2) throw new RangeError('too big: ' + x)
  return x
}).collect()`,
      [1, 2, 3],
    )
    expect(fault?.status).toBe('RuntimeError')
    expect(fault?.message).toBe('RangeError: too big: 3')
    expect(fault?.suffix).toMatch(
      /^, while running task 1 of stage 1 \(fromArray, map, collect\) on worker \d$/,
    )
    // The driver maps this frame to the learner's line through the source map.
    expect(fault?.stack).toContain(`${SCRIPT}:3:`)
  })

  it('refuses a function that closes over a local of solve, naming it, as the server does', async () => {
    const { error, fault } = await run(
      `exports.solve = async (xs) => {
  const factor = 3
  return dataset.fromArray(xs).map((x) => x * factor).collect()
}`,
      [1, 2],
    )
    expect(fault).toBeUndefined()
    expect(error).toContain('uses `factor` from the code around it')
  })

  it('registers broadcasts with the server limits and ships them to the workers', async () => {
    const { value, fault } = await run(
      `exports.solve = async (xs) => {
  const names = dataset.broadcast({ 1: 'one', 2: 'two' })
  return dataset.fromArray(xs, 2).map((x, env) => env.names.value[x], { names }).collect()
}`,
      [1, 2, 1],
    )
    expect(fault).toBeUndefined()
    expect(value).toEqual(['one', 'two', 'one'])
  })

  it("destroy() frees a broadcast: an action that still needs it is refused in the server's words", async () => {
    const { value, fault } = await run(
      `exports.solve = async (xs) => {
  const names = dataset.broadcast({ 1: 'one', 2: 'two' })
  const named = dataset.fromArray(xs, 2).map((x, env) => env.names.value[x], { names })
  const before = await named.collect()
  names.destroy()
  try {
    return [before, await named.collect()]
  } catch (e) {
    return [before, e.message]
  }
}`,
      [1, 2, 1],
    )
    expect(fault).toBeUndefined()
    // No source map in this harness, so no line: the page's real runs name it (local-run-dataset e2e).
    expect(value).toEqual([
      ['one', 'two', 'one'],
      'dataset: the .map uses a broadcast that was destroyed before this action ran; call destroy() after the last action that needs the broadcast',
    ])
  })

  it("bounds what an action brings back to solve by the challenge's jobResultKb, as the server does", async () => {
    const module = `const chunks = (xs) => dataset.fromArray(xs, 16).mapPartitions((rows) => [Array.from({ length: 64 }, () => rows.length)])
const merge = (a, b) => a.map((x, i) => x + b[i])
exports.merge = merge
exports.solve = async (xs) => {
  const tree = await chunks(xs).treeReduce(merge)
  const count = await dataset.fromArray(xs, 4).count()
  try {
    await chunks(xs).reduce(merge)
    return 'reduce passed'
  } catch (e) {
    return [tree[0], count, e.message]
  }
}`
    const xs = Array.from({ length: 4000 }, (_, i) => i)
    const { value, fault } = await run(module, xs, {}, { jobResultKb: 2 })
    expect(fault).toBeUndefined()
    const [total, count, message] = value as [number, number, string]
    expect([total, count]).toEqual([4000, 4000])
    expect(message).toMatch(
      /^dataset\.reduce: the result, which comes back to your main function, is larger than 2 KB, .*aggregate in the tasks/,
    )
    expect((await run(module, xs)).value).toBe('reduce passed')
  })

  it("bounds the records an action brings back by the challenge's jobResultRecords, as the server does", async () => {
    const module = `exports.solve = async (xs) => {
  const partials = dataset.fromArray(xs, 16).mapPartitions((rows) => [rows.length])
  const tree = await partials.treeReduce((a, b) => a + b)
  try {
    await partials.collect()
    return 'collect passed'
  } catch (e) {
    return [tree, e.message]
  }
}`
    const xs = Array.from({ length: 400 }, (_, i) => i)
    const { value, fault } = await run(module, xs, {}, { jobResultRecords: 8 })
    expect(fault).toBeUndefined()
    const [tree, message] = value as [number, string]
    expect(tree).toBe(400)
    expect(message).toMatch(
      /^dataset\.collect: the result, .* has 16 records, more than the 8 this challenge lets/,
    )
    expect((await run(module, xs)).value).toBe('collect passed')
  })
})
