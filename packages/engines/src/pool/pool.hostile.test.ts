import { fileURLToPath } from 'node:url'
import { ProcessPool } from '@arena/sandbox'
import { afterAll, describe, expect, it } from 'vitest'
import type { PoolPayload, PoolReport } from './testing/poolTask.ts'

// Hostile learner code against the pool: every case is a clear verdict, and the child that ran it
// stays usable (no worker isolate or thread survives its run).
const TASK = fileURLToPath(new URL('./testing/poolTask.ts', import.meta.url))
const sandbox = new ProcessPool({ size: 1, maxTasksPerChild: 1000 })
afterAll(() => sandbox.close())

async function run(payload: PoolPayload): Promise<PoolReport> {
  const outcome = await sandbox.run<PoolReport>({
    module: TASK,
    fn: 'runPoolAndCount',
    payload,
    deadlineMs: 30_000,
  })
  if (outcome.kind !== 'done') throw new Error(`task ended ${outcome.kind}: ${JSON.stringify(outcome)}`)
  return outcome.value
}

interface Hostile {
  payload: PoolPayload
  status: string
  message: RegExp
  line?: number
  /** Ends with an isolate disposed by V8 or by the pool, after which the sandbox replaces the child. */
  replacesChild?: boolean
}

const HOSTILE: Record<string, Hostile> = {
  'more workers than allowed': {
    payload: {
      code: `exports.w = (x) => x\nexports.solve = () => pool.map('w', [1, 2], { workers: 5 })`,
      inputs: [0],
    },
    status: 'RuntimeError',
    message: /asked for 5 workers, but this run has 2 \(pool\.size\)/,
    line: 3,
  },
  'a worker in an endless loop': {
    payload: {
      code: `exports.spin = () => { for (;;) {} }\nexports.solve = () => pool.map('spin', [1, 2, 3])`,
      inputs: [0],
      limits: { cpuMs: 300 },
    },
    status: 'TimeLimit',
    message: /more than 300 ms of CPU time while running task \d \(`spin`\) on pool worker \d/,
  },
  'a worker in an endless loop past the wall time': {
    payload: {
      code: `exports.spin = () => { for (;;) {} }\nexports.solve = () => pool.map('spin', [1])`,
      inputs: [0],
      limits: { cpuMs: 5000, wallMs: 400 },
    },
    status: 'TimeLimit',
    message: /Stopped after 400 ms of wall time/,
  },
  'a worker whose promise never settles': {
    payload: {
      code: `exports.hang = () => new Promise(() => {})\nexports.solve = () => pool.map('hang', [1, 2])`,
      inputs: [0],
      limits: { wallMs: 400 },
    },
    status: 'TimeLimit',
    message: /Stopped after 400 ms of wall time/,
  },
  'an endless loop in the main function after a pool job': {
    payload: {
      code: `exports.w = (x) => x\nexports.solve = async () => { await pool.map('w', [1]); for (;;) {} }`,
      inputs: [0],
      limits: { cpuMs: 300 },
    },
    status: 'TimeLimit',
    message: /more than 300 ms of CPU time/,
    replacesChild: true,
  },
  'a worker that throws a non-Error': {
    payload: {
      code: `exports.bad = () => { throw 42 }\nexports.solve = () => pool.map('bad', [1])`,
      inputs: [0],
    },
    status: 'RuntimeError',
    message: /non-Error value while running task 0 \(`bad`\) on pool worker 0: 42/,
  },
  'a worker that throws, caught by the main function': {
    payload: {
      code: `exports.bad = (x) => {\n  if (x === 3) throw new RangeError('no threes')\n  return x\n}\nexports.solve = async () => { try { await pool.map('bad', [1, 2, 3]) } catch { return 'caught' } }`,
      inputs: [0],
    },
    status: 'RuntimeError',
    message:
      /^RangeError: no threes \(line 3, column \d+\), while running task 2 \(`bad`\) on pool worker \d$/,
    line: 3,
  },
  'a function in a task': {
    payload: {
      code: `exports.w = (x) => x\nexports.solve = () => pool.map('w', [1, { f: () => 1 }])`,
      inputs: [0],
    },
    status: 'RuntimeError',
    message: /pool\.map: task 1\.f is a function, which cannot be sent to a worker/,
    line: 3,
  },
  'a symbol in a task': {
    payload: {
      code: `exports.w = (x) => x\nexports.solve = () => pool.map('w', [[0, Symbol('s')]])`,
      inputs: [0],
    },
    status: 'RuntimeError',
    message: /task 0\[1\] is a symbol/,
  },
  'a function as a result': {
    payload: { code: `exports.w = () => () => 1\nexports.solve = () => pool.map('w', [1])`, inputs: [0] },
    status: 'RuntimeError',
    message: /^pool: task 0 \(`w`\) returned a value that cannot leave the worker \(.*could not be cloned/,
  },
  'a symbol as a result': {
    payload: { code: `exports.w = () => Symbol('s')\nexports.solve = () => pool.map('w', [1])`, inputs: [0] },
    status: 'RuntimeError',
    message: /returned a value that cannot leave the worker \(Unsupported type\)/,
  },
  'a worker past its memory limit (ArrayBuffers)': {
    payload: {
      code: `exports.hog = () => { const keep = []; for (;;) keep.push(new Float64Array(1 << 20)) }\nexports.solve = () => pool.map('hog', [1])`,
      inputs: [0],
    },
    status: 'MemoryLimit',
    message:
      /memory limit of 64 MB while running task 0 \(`hog`\) on pool worker 0.*Each pool worker has its own 64 MB/,
  },
  'results larger than the main isolate may hold': {
    payload: {
      code: `exports.big = () => new Float64Array(5 << 20)\nexports.solve = () => pool.map('big', [1, 2, 3, 4])`,
      inputs: [0],
    },
    status: 'MemoryLimit',
    message: /results of one pool job would not fit in your isolate/,
  },
  'a worker past its memory limit (heap)': {
    payload: {
      code: `exports.hog = () => { const keep = []; for (let i = 0; ; i++) keep.push({ i, s: 'x' + i }) }\nexports.solve = () => pool.map('hog', [1])`,
      inputs: [0],
      limits: { cpuMs: 10_000, wallMs: 20_000 },
    },
    status: 'MemoryLimit',
    message: /Each pool worker has its own 64 MB/,
  },
}

describe('pool engine against hostile code', () => {
  for (const [name, { payload, status, message, line }] of Object.entries(HOSTILE)) {
    it(`gives ${name} a clear ${status}`, async () => {
      const { run: result } = await run(payload)
      expect(result.outcome.status).toBe(status)
      expect(result.outcome.status !== 'ok' && result.outcome.message).toMatch(message)
      if (line !== undefined) expect(result.outcome).toMatchObject({ location: { line } })
    })
  }

  it('leaves the child healthy after many hostile runs in a row: no threads or isolates leak', {
    timeout: 240_000,
  }, async () => {
    const healthy: PoolPayload = {
      code: `exports.sq = (x) => x * x\nexports.solve = async (n) => (await pool.map('sq', [1, 2, n])).reduce((a, b) => a + b)`,
      inputs: [3],
    }
    const before = await run(healthy)
    expect(before.run.outputs).toEqual([14])
    // Memory failures and a main isolate disposed mid-run replace the child (see the sandbox's taint):
    // the rest must all run in this one child, and leave it as it was.
    const cases = Object.values(HOSTILE).filter((c) => c.status !== 'MemoryLimit' && !c.replacesChild)
    for (let round = 0; round < 3; round++) {
      for (const { payload } of cases) await run(payload)
    }
    const after = await run(healthy)
    expect(after.run.outputs).toEqual([14])
    expect(after.pid).toBe(before.pid)
    // Every run creates two worker isolates; isolated-vm's threads are a fixed pool, so the count stays put.
    expect(after.threads).toBeLessThanOrEqual(before.threads + 2)
  })
})
