// Children started from one bundle of a pool's task modules (childBundle.ts): the same tasks as from
// source, module state shared between the task modules as from source, and nothing else loaded.
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { ProcessPool } from './index.ts'
import type { ProgramRun } from './isolate/outcome.ts'

const FIXTURE = fileURLToPath(new URL('./testing/fixtureTask.ts', import.meta.url))
const BESIDE = fileURLToPath(new URL('./testing/fixtureTaskBeside.ts', import.meta.url))
const pool = new ProcessPool({ size: 1, taskModules: [FIXTURE, BESIDE] })
afterAll(() => pool.close())

describe('a pool whose children start from a bundle of its task modules', () => {
  it('starts them from the bundle, without the TypeScript loader, and runs learner code as from source', async () => {
    const main = await pool.run<string>({
      module: FIXTURE,
      fn: 'mainScript',
      payload: {},
      deadlineMs: 20_000,
    })
    expect(main).toMatchObject({
      kind: 'done',
      value: expect.stringMatching(/arena-node-bundles\/.*\.mjs$/),
    })
    const flags = await pool.run<string[]>({
      module: FIXTURE,
      fn: 'execArgv',
      payload: {},
      deadlineMs: 20_000,
    })
    expect(flags.kind === 'done' && flags.value.join(' ')).not.toMatch(/tsx|--import/)
    const run = await pool.run<ProgramRun>({
      module: FIXTURE,
      fn: 'run',
      payload: { code: 'exports.solve = (n) => n * 2', inputs: [21] },
      deadlineMs: 20_000,
    })
    expect(run).toMatchObject({ kind: 'done', value: { outcome: { status: 'ok' } } })
  })

  it('shares module state between its task modules in a child, as modules loaded from source do', async () => {
    const first = await pool.run<number>({ module: FIXTURE, fn: 'bump', payload: {}, deadlineMs: 20_000 })
    const beside = await pool.run<number>({
      module: BESIDE,
      fn: 'bumpBeside',
      payload: {},
      deadlineMs: 20_000,
    })
    expect(first.kind === 'done' && beside.kind === 'done' && beside.value).toBe(
      first.kind === 'done' ? first.value + 1 : Number.NaN,
    )
  })

  it('refuses a module outside the bundle with a clear failure, and the pool goes on', async () => {
    const outside = fileURLToPath(new URL('./guestSources.ts', import.meta.url))
    const refused = await pool.run({ module: outside, fn: 'anything', payload: {}, deadlineMs: 20_000 })
    expect(refused).toEqual({
      kind: 'failed',
      message: `${outside} is not one of this pool's task modules (ProcessPoolOptions.taskModules).`,
    })
    expect((await pool.run({ module: FIXTURE, fn: 'pid', payload: {}, deadlineMs: 20_000 })).kind).toBe(
      'done',
    )
  })

  it('is built again when a source changed since, and reused when none did', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'arena-child-bundle-'))
    const module = path.join(dir, 'answer.ts')
    const answerWith = async (text: string, at: number) => {
      writeFileSync(module, `export const answer = (): number => ${text}\n`)
      utimesSync(module, at, at)
      const own = new ProcessPool({ size: 1, taskModules: [module] })
      try {
        return await own.run<number>({ module, fn: 'answer', payload: {}, deadlineMs: 20_000 })
      } finally {
        await own.close()
      }
    }
    try {
      expect(await answerWith('1', 1_000_000)).toEqual({ kind: 'done', value: 1 })
      // Same size, another time: a change.
      expect(await answerWith('2', 2_000_000)).toEqual({ kind: 'done', value: 2 })
      expect(await answerWith('2', 2_000_000)).toEqual({ kind: 'done', value: 2 })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
