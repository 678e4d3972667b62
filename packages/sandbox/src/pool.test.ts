// The pool's resident-memory backstop (issue 14): memory that no isolate limit counts still ends the
// task, and a child left holding memory is not reused.
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { ProcessPool } from './index.ts'
import type { ProgramRun } from './isolate/outcome.ts'

const FIXTURE = fileURLToPath(new URL('./testing/fixtureTask.ts', import.meta.url))
const pool = new ProcessPool({ size: 1, idleRssCeilingMb: 300 })
afterAll(() => pool.close())

describe('ProcessPool resident-memory backstop', () => {
  it('kills a child that grows past the task budget: crashed, out of memory, with the backstop named', async () => {
    const outcome = await pool.run({
      module: FIXTURE,
      fn: 'hog',
      payload: { mb: 400, holdMs: 3000 },
      deadlineMs: 20_000,
      memoryBudgetMb: 150,
    })
    expect(outcome).toMatchObject({ kind: 'crashed', outOfMemory: true, rssBackstop: { budgetMb: 150 } })
    if (outcome.kind === 'crashed') expect(outcome.rssBackstop?.grewMb).toBeGreaterThan(150)
  })

  it('leaves a task within its budget alone', async () => {
    const outcome = await pool.run({
      module: FIXTURE,
      fn: 'hog',
      payload: { mb: 20, holdMs: 200 },
      deadlineMs: 20_000,
      memoryBudgetMb: 150,
    })
    expect(outcome).toEqual({ kind: 'done', value: 20 * 2 ** 20 })
  })

  it('replaces a child that holds more than the idle ceiling after its task', async () => {
    const small = await pool.run<number>({
      module: FIXTURE,
      fn: 'leak',
      payload: { mb: 1 },
      deadlineMs: 10_000,
    })
    const same = await pool.run<number>({ module: FIXTURE, fn: 'pid', payload: {}, deadlineMs: 10_000 })
    expect(small).toEqual(same)
    const big = await pool.run<number>({
      module: FIXTURE,
      fn: 'leak',
      payload: { mb: 400 },
      deadlineMs: 10_000,
    })
    const next = await pool.run<number>({ module: FIXTURE, fn: 'pid', payload: {}, deadlineMs: 10_000 })
    expect(big.kind).toBe('done')
    expect(next.kind === 'done' && big.kind === 'done' && next.value !== big.value).toBe(true)
  })

  it('Intl objects (ICU memory outside the isolate count) under a 16 MB limit end in the backstop, never Accepted', async () => {
    const outcome = await pool.run<ProgramRun>({
      module: FIXTURE,
      fn: 'run',
      payload: {
        code: "exports.solve = () => { const k = []; for (let i = 0; i < 400000; i++) k.push(new Intl.Segmenter('en')); return k.length }",
        inputs: [0],
        limits: { memoryMb: 16, cpuMs: 20_000, wallMs: 20_000 },
      },
      deadlineMs: 30_000,
      memoryBudgetMb: 200,
    })
    // isolated-vm counts ICU memory late (measured: about 870 MB resident under 16 MB): the backstop
    // at 200 MB of growth ends the task first.
    expect(outcome).toMatchObject({ kind: 'crashed', outOfMemory: true, rssBackstop: { budgetMb: 200 } })
  })
})

describe('ProcessPool V8 flags (issue 17)', () => {
  const argvOf = async (flagsPool: ProcessPool) => {
    const outcome = await flagsPool.run<string[]>({
      module: FIXTURE,
      fn: 'execArgv',
      payload: {},
      deadlineMs: 20_000,
    })
    if (outcome.kind !== 'done') throw new Error(`execArgv task ended ${outcome.kind}`)
    return outcome.value
  }

  it('children count GC on the isolate thread but keep optimizing compiles concurrent (2-5x faster learner code)', async () => {
    const argv = await argvOf(pool)
    expect(argv).toContain('--single-threaded-gc')
    expect(argv).toContain('--no-node-snapshot')
    expect(argv).not.toContain('--no-concurrent-recompilation')
    expect(argv).not.toContain('--single-threaded')
  })

  it('childV8Flags replaces the flags (for the bench), keeping --no-node-snapshot', async () => {
    const measuring = new ProcessPool({ size: 1, childV8Flags: ['--no-concurrent-recompilation'] })
    try {
      const argv = await argvOf(measuring)
      expect(argv).toContain('--no-concurrent-recompilation')
      expect(argv).toContain('--no-node-snapshot')
      expect(argv).not.toContain('--single-threaded-gc')
    } finally {
      await measuring.close()
    }
  })
})
