// The kept inputs of a sandbox child, with a real pack-code isolate running a real bundled tests.ts
// in this process (as a child runs it): a case generated once is adopted the next time, as a fresh copy
// its check still judges against; a kept file that changed, another case or another bundle generates
// anew; the budget drops the least recently used.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { bundleTests } from '../compile/bundleTests.ts'
import type { PackCode } from '../packCode.ts'
import type { PackIsolate as PackIsolateType } from './packIsolate.ts'

const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-input-cache-test-'))
process.env.ARENA_SCRATCH_DIR = path.join(parent, 'scratch')
const { GeneratedInputs } = await import('./inputCache.ts')
const { PackIsolate } = await import('./packIsolate.ts')
const { InputFolder, outputReader } = await import('./scratch.ts')

// Each generate call is counted in the isolate's module state and shows in the input: an input that
// says `generation: 1` the second time was not generated again.
const TESTS = `import { defineTests } from '@arena/grader/authoring'
let generations = 0
export default defineTests<{ generation: number; values: Float64Array; file?: string; tag: number[] }, number>({
  generate(seed, size, ctx) {
    generations++
    const values = new Float64Array(new ArrayBuffer(8 * (size + 2)), 8, size)
    for (let i = 0; i < size; i++) values[i] = seed * 1000 + i
    const file = size > 2 ? ctx.files.write('numbers.txt', new TextEncoder().encode(Array.from(values).join('\\n'))) : undefined
    return { generation: generations, values, file, tag: [seed] }
  },
  check(input, output) {
    let sum = 0
    for (const value of input.values) sum += value
    return output === sum || 'expected ' + sum + ' (input generation ' + input.generation + ')'
  },
  samples: [{ name: 'small', seed: 1, size: 2 }],
  hidden: [
    { name: 'with a file', seed: 2, size: 5 },
    { name: 'another', seed: 3, size: 5 },
    { name: 'a third', seed: 4, size: 5 },
  ],
})
`

function packFolder(name: string, source: string): string {
  const folder = path.join(parent, 'pack', name)
  fs.mkdirSync(folder, { recursive: true })
  fs.writeFileSync(path.join(folder, 'tests.ts'), source)
  return path.join(folder, 'tests.ts')
}

async function codeFor(name: string, source = TESTS): Promise<PackCode> {
  return {
    bundle: await bundleTests(packFolder(name, source)),
    challenge: `test/${name}`,
    memoryMb: 64,
    wallMs: 5000,
  }
}

interface Input {
  generation: number
  values: Float64Array
  file?: string
  tag: number[]
}

const opened: PackIsolateType[] = []
async function isolateFor(code: PackCode) {
  const pack = await PackIsolate.open(code)
  opened.push(pack)
  return pack
}
afterAll(() => {
  for (const pack of opened) pack.dispose()
  fs.rmSync(parent, { recursive: true, force: true })
})

/** One task's input as runCase gets it, its files' contents, and the check's verdict on `output`. */
async function taskInput(
  cache: InstanceType<typeof GeneratedInputs>,
  pack: PackIsolateType,
  code: PackCode,
  ref: { kind: 'sample' | 'hidden'; index: number },
  output?: number,
) {
  const folder = new InputFolder()
  try {
    pack.beginTask()
    const input = (await cache.input(pack, code, 0, ref, folder)) as Input
    const run = fs.mkdtempSync(path.join(parent, 'run-'))
    folder.linkInto(run)
    const files = Object.fromEntries(
      fs.readdirSync(run).map((name) => [name, fs.readFileSync(path.join(run, name), 'utf8')]),
    )
    const judged = output === undefined ? undefined : await pack.judge(0, output, outputReader(run))
    await pack.release(0)
    return { input, files, judged }
  } finally {
    folder.remove()
  }
}

const sum = (values: Float64Array) => values.reduce((total, value) => total + value, 0)

describe('inputs a sandbox child keeps', () => {
  let cache: InstanceType<typeof GeneratedInputs>
  beforeEach(() => {
    cache?.clear()
    cache = new GeneratedInputs()
  })

  it('generates a case once and adopts a fresh copy, files and all, the next time', async () => {
    const code = await codeFor('counted')
    const pack = await isolateFor(code)
    const first = await taskInput(cache, pack, code, { kind: 'hidden', index: 0 })
    expect(first.input.generation).toBe(1)
    expect(first.files).toEqual({ 'numbers.txt': '2000\n2001\n2002\n2003\n2004' })

    // What a task does to its copy never reaches the next task's.
    first.input.values[0] = -1
    first.input.tag.push(99)
    const again = await taskInput(cache, pack, code, { kind: 'hidden', index: 0 }, 10010)
    expect(again.input.generation).toBe(1)
    expect(Array.from(again.input.values)).toEqual([2000, 2001, 2002, 2003, 2004])
    expect(again.input.tag).toEqual([2])
    // The typed array's buffer and offset are generate's own, as a learner's program would see them.
    expect([again.input.values.byteOffset, again.input.values.buffer.byteLength]).toEqual([8, 56])
    expect(again.files).toEqual(first.files)
    // The check ran against the adopted input in the pack isolate's slot.
    expect(again.judged).toEqual({ ok: true })
    const wrong = await taskInput(cache, pack, code, { kind: 'hidden', index: 0 }, 1)
    expect(wrong.judged).toMatchObject({ ok: false, message: 'expected 10010 (input generation 1)' })

    // Another case, and the same case of another bundle, are their own.
    expect((await taskInput(cache, pack, code, { kind: 'hidden', index: 1 })).input.generation).toBe(2)
    const otherCode = await codeFor('other', `${TESTS}\n// another version\n`)
    const other = await taskInput(cache, await isolateFor(otherCode), otherCode, { kind: 'hidden', index: 0 })
    expect(other.input.generation).toBe(1)
    expect(sum(other.input.values)).toBe(10010)
  })

  it('generates again when a kept file changed or is gone', async () => {
    const code = await codeFor('changed')
    const pack = await isolateFor(code)
    expect((await taskInput(cache, pack, code, { kind: 'hidden', index: 0 })).input.generation).toBe(1)
    expect((await taskInput(cache, pack, code, { kind: 'hidden', index: 0 })).input.generation).toBe(1)
    // The cache's link shares the file with every run it was staged into: a write through any of them.
    const keptFolder = fs
      .readdirSync(path.join(parent, 'scratch', `child-${process.pid}`))
      .find((name) => name.startsWith('kept-input-'))
    const kept = path.join(parent, 'scratch', `child-${process.pid}`, keptFolder as string, '0')
    fs.chmodSync(kept, 0o644)
    fs.appendFileSync(kept, '\n9999')
    const regenerated = await taskInput(cache, pack, code, { kind: 'hidden', index: 0 })
    expect(regenerated.input.generation).toBe(2)
    expect(regenerated.files).toEqual({ 'numbers.txt': '2000\n2001\n2002\n2003\n2004' })

    // A kept file that is gone: generated anew, never a task without its input.
    const root = path.join(parent, 'scratch', `child-${process.pid}`)
    for (const name of fs.readdirSync(root).filter((entry) => entry.startsWith('kept-input-')))
      fs.rmSync(path.join(root, name, '0'), { force: true })
    const again = await taskInput(cache, pack, code, { kind: 'hidden', index: 0 })
    expect(again.input.generation).toBe(3)
    expect(again.files).toEqual({ 'numbers.txt': '2000\n2001\n2002\n2003\n2004' })
  })

  it('keeps within its budget, dropping the least recently used first', async () => {
    const code = await codeFor('budget')
    const pack = await isolateFor(code)
    // A budget of files for two of these cases (one size, the same file's size): a third pushes one out.
    const probe = new GeneratedInputs()
    await taskInput(probe, pack, code, { kind: 'hidden', index: 0 })
    const budget = { valueBytes: 2 ** 20, fileBytes: Math.floor(probe.size.fileBytes * 2.5) }
    probe.clear()
    const small = new GeneratedInputs(budget)
    const generation = async (index: number) =>
      (await taskInput(small, pack, code, { kind: 'hidden', index })).input.generation
    expect(await generation(0)).toBe(2)
    expect(await generation(1)).toBe(3)
    expect(await generation(0)).toBe(2)
    // Case 1 is now the least recently used: case 2 pushes it out, case 0 stays.
    expect(await generation(2)).toBe(4)
    expect(small.size.fileBytes).toBeLessThanOrEqual(budget.fileBytes)
    expect(await generation(0)).toBe(2)
    expect(await generation(1)).toBe(5)
    small.clear()
    expect(small.size).toEqual({ valueBytes: 0, fileBytes: 0 })
  })
})
