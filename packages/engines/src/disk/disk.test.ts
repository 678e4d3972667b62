import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { type IsolateProgram, runProgram } from '@arena/sandbox'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDiskEngine } from './createDiskEngine.ts'
import { DiskFolder } from './DiskFolder.ts'

let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-disk-test-'))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

const LIMITS = { cpuMs: 5000, wallMs: 10_000, memoryMb: 64, outputBytes: 4096, resultBytes: 2 ** 20 }

/** Runs `body` as the body of `solve(input)` with `disk` and `DiskError` in scope. */
async function run(body: string, input: unknown = null, diskMb = 1) {
  const program: IsolateProgram = {
    code: `var __arena_solution = (() => { const { disk, DiskError } = globalThis.__arena_engines.disk; return { solve(input) {\n${body}\n} } })()`,
    filename: 'solution.js',
    globalName: '__arena_solution',
    entry: 'solve',
  }
  const engine = createDiskEngine({
    limits: { cpuMs: 5000, wallMs: 10_000, memoryMb: 64, workers: 1, diskMb },
    program,
    scratchDir: dir,
    runnerClass: 'cpu',
  })
  try {
    const result = await runProgram(program, [input], LIMITS, [engine])
    return { ...result, counters: engine.counters() }
  } finally {
    await engine.dispose()
  }
}

describe('disk engine', () => {
  it('writes, appends, reads ranges into typed arrays, lists and deletes', async () => {
    const result = await run(`
      const f = disk.create('a.bin')
      f.write(Float64Array.of(1, 2, 3), 0)
      f.append(Float64Array.of(4))
      const back = new Float64Array(4)
      const n = f.read(back, 0)
      const tail = new Uint8Array(100)
      const m = f.read(tail, 24)
      f.close()
      const names = disk.list()
      const size = disk.size('a.bin')
      disk.delete('a.bin')
      return [n, Array.from(back), m, names, size, disk.exists('a.bin'), disk.usage().used]`)
    expect(result.outcome).toEqual({ status: 'ok' })
    expect(result.outputs[0]).toEqual([32, [1, 2, 3, 4], 8, ['a.bin'], 32, false, 0])
    expect(result.counters).toMatchObject({
      bytesWritten: 32,
      bytesRead: 40,
      writeCalls: 2,
      readCalls: 2,
      filesCreated: 1,
      peakScratchBytes: 32,
      seeks: 2,
    })
  })

  it('moves chunks larger than the staging buffer intact', async () => {
    const result = await run(
      `
      const big = new Uint32Array(3 * 262144 + 7)
      for (let i = 0; i < big.length; i++) big[i] = i * 2654435761
      const f = disk.create('big.bin')
      f.write(big, 0)
      const back = new Uint32Array(big.length)
      f.read(back, 0)
      for (let i = 0; i < big.length; i++) if (back[i] !== big[i]) return i
      return -1`,
      null,
      16,
    )
    expect(result.outputs[0]).toBe(-1)
    expect(result.counters.readCalls).toBe(1)
    expect(result.counters.writeCalls).toBe(1)
  })

  it('input files are read-only', async () => {
    fs.writeFileSync(path.join(dir, 'input.bin'), Buffer.from([1, 2, 3]))
    const result = await run(`
      const f = disk.open('input.bin')
      const b = new Uint8Array(3); f.read(b, 0)
      const errors = []
      for (const attempt of [() => f.write(b, 0), () => disk.create('input.bin'), () => disk.delete('input.bin')])
        try { attempt() } catch (e) { errors.push(e.name + ': ' + e.message) }
      return [Array.from(b), errors]`)
    const [bytes, errors] = result.outputs[0] as [number[], string[]]
    expect(bytes).toEqual([1, 2, 3])
    expect(errors).toHaveLength(3)
    for (const error of errors) expect(error).toMatch(/^DiskError: input\.bin is an input file/)
    expect(fs.readFileSync(path.join(dir, 'input.bin'))).toEqual(Buffer.from([1, 2, 3]))
  })

  it("admits a call's inputs when the call starts: a run's file of that name is replaced, its handle closed, its bytes off the quota", async () => {
    const program: IsolateProgram = {
      code: `var __arena_solution = (() => { const { disk } = globalThis.__arena_engines.disk; let mine; return { solve(call) {
        if (call === 0) { mine = disk.create('in.bin'); mine.write(Uint8Array.of(9, 9, 9, 9), 0); return [disk.list(), disk.usage().used] }
        let error = ''
        try { mine.write(Uint8Array.of(1), 0) } catch (e) { error = e.message }
        const b = new Uint8Array(2); disk.open('in.bin').read(b, 0)
        let created = ''
        try { disk.create('in.bin') } catch (e) { created = e.message }
        return [disk.list(), disk.usage().used, Array.from(b), error, created]
      } } })()`,
      filename: 'solution.js',
      globalName: '__arena_solution',
      entry: 'solve',
    }
    const staged: number[] = []
    const engine = createDiskEngine({
      limits: { cpuMs: 5000, wallMs: 10_000, memoryMb: 64, workers: 1, diskMb: 1 },
      program,
      scratchDir: dir,
      runnerClass: 'cpu',
      inputFiles: {
        stage(index) {
          if (index !== 1) return []
          if (!staged.includes(index)) {
            fs.writeFileSync(path.join(dir, 'staging~'), Uint8Array.of(5, 6))
            fs.renameSync(path.join(dir, 'staging~'), path.join(dir, 'in.bin'))
          }
          staged.push(index)
          return ['in.bin']
        },
      },
    })
    try {
      const result = await runProgram(program, [0, 1], LIMITS, [engine])
      expect(result.outcome).toEqual({ status: 'ok' })
      expect(result.outputs).toEqual([
        [['in.bin'], 4],
        [
          ['in.bin'],
          0,
          [5, 6],
          'in.bin was replaced by an input file of this call: its file handles are closed',
          'in.bin is an input file: it is read-only, create your output under another name',
        ],
      ])
    } finally {
      await engine.dispose()
    }
  })

  it.each([
    ['../x', /contains "\.\."/],
    ['/etc/passwd', /absolute path/],
    ['a/b', /is a path/],
    ['a\\u0000b', /NUL/],
    ['x'.repeat(300), /longer than 100/],
    ['a b', /may only contain/],
  ])('refuses the name %s', async (name, message) => {
    const result = await run(
      `try { disk.create(${JSON.stringify(name).replace('\\\\u', '\\u')}) } catch (e) { return e.name + ': ' + e.message }`,
    )
    expect(result.outputs[0]).toMatch(message)
    expect(fs.readdirSync(dir)).toEqual([])
  })

  it('refuses links planted in the folder', async () => {
    fs.symlinkSync('/etc/passwd', path.join(dir, 'link'))
    const result = await run(`try { disk.open('link'); return 'opened' } catch (e) { return e.message }`)
    expect(result.outputs[0]).toMatch(/no file named "link"/)
  })

  it('an uncaught quota error is a RuntimeError naming the file and the learner line', async () => {
    const result = await run(`
      const f = disk.create('run-3.bin')
      const chunk = new Uint8Array(1 << 19)
      for (;;) f.append(chunk)`)
    expect(result.outcome.status).toBe('RuntimeError')
    const outcome = result.outcome as { message: string }
    expect(outcome.message).toMatch(/^DiskError: Disk quota of 1 MB exceeded while writing run-3\.bin/)
    expect(outcome.message).toMatch(/line 5/)
  })

  it('caps open handles and reports a handle used after delete', async () => {
    const result = await run(`
      const out = []
      const opened = []
      try { for (let i = 0; i < 5000; i++) opened.push(disk.create('f' + i)) } catch (e) { out.push(e.message) }
      for (const f of opened) f.close()
      const g = disk.open('f1'); disk.delete('f1')
      try { g.read(new Uint8Array(1), 0) } catch (e) { out.push(e.message) }
      try { g.write([1, 2, 3], 0) } catch (e) { out.push(e.name + ': ' + e.message) }
      return out`)
    expect(result.outputs[0]).toEqual([
      expect.stringMatching(/too many open files: at most 64/),
      'f1 was deleted: its file handles are closed',
      'TypeError: write expects a typed array or a DataView, got an array',
    ])
  })

  it('disk.buffer: reads and writes views of shared memory directly, counted and quota-checked the same', async () => {
    const result = await run(
      `
      const memory = disk.buffer(3 * 2 ** 20 + 16)
      const values = new Float64Array(memory.buffer, 8, 393216 + 1)
      for (let i = 0; i < values.length; i++) values[i] = i * 1.5
      const f = disk.create('v.bin')
      const written = f.write(values, 0)
      f.append(new Float64Array(memory.buffer, 8, 1))
      const back = new Float64Array(disk.buffer(values.byteLength + 8).buffer, 8, values.length)
      const n = f.read(back, 0)
      for (let i = 0; i < back.length; i++) if (back[i] !== values[i]) return 'differs at ' + i
      const tail = new DataView(memory.buffer, 0, 16)
      const m = f.read(tail, values.byteLength)
      const errors = []
      for (const bad of [0, -1, 1.5, '8'])
        try { disk.buffer(bad) } catch (e) { errors.push(e.name) }
      try { for (;;) f.append(memory) } catch (e) { errors.push(e.message.slice(0, 22)) }
      return [written, n, m, tail.getFloat64(0, true), errors]`,
      null,
      16,
    )
    expect(result.outcome).toEqual({ status: 'ok' })
    const bytes = 8 * (393216 + 1)
    expect(result.outputs[0]).toEqual([
      bytes,
      bytes,
      8,
      0,
      ['TypeError', 'TypeError', 'TypeError', 'TypeError', 'Disk quota of 16 MB ex'],
    ])
    expect(result.counters).toMatchObject({
      bytesRead: bytes + 8,
      readCalls: 2,
      writeCalls: 2 + 4,
      bytesWritten: bytes + 8 + 4 * (3 * 2 ** 20 + 16),
      seeks: 1,
    })
    expect(fs.statSync(path.join(dir, 'v.bin')).size).toBe(result.counters.bytesWritten)
  })

  it('disk.buffer is capped at 64 buffers per run', async () => {
    const result = await run(`
      const kept = []
      try { for (;;) kept.push(disk.buffer(16)) } catch (e) { return [kept.length, e.name + ': ' + e.message] }`)
    // Seen once in a clean-clone run, with no output and no reason shown: the outcome says which.
    expect(result.outcome).toEqual({ status: 'ok' })
    expect(result.outputs[0]).toEqual([
      64,
      expect.stringMatching(/^DiskError: too many disk buffers: at most 64/),
    ])
  })

  it('the host re-checks buffers, offsets and lengths it is handed', () => {
    fs.writeFileSync(path.join(dir, 'in.bin'), Buffer.alloc(64, 1))
    const folder = new DiskFolder({
      dir,
      quotaBytes: 2 ** 20,
      stage: new Uint8Array(new SharedArrayBuffer(32)),
    })
    try {
      expect(folder.register(new ArrayBuffer(8))).toMatch(/^internal/)
      expect(folder.register({ byteLength: 8 })).toMatch(/^internal/)
      const id = folder.register(new SharedArrayBuffer(16))
      expect(id).toBe(1)
      const handle = folder.open('in.bin', false)
      expect(folder.read(handle, 0, 16, false, 2, 0)).toMatch(/unknown disk buffer/)
      expect(folder.read(handle, 0, 16, false, '1', 0)).toMatch(/unknown disk buffer/)
      expect(folder.read(handle, 0, 16, false, 1, 1)).toMatch(/bad length/)
      expect(folder.read(handle, 0, 4, false, 1, 17)).toMatch(/bad buffer offset/)
      expect(folder.read(handle, 0, 4, false, 1, -1)).toMatch(/bad buffer offset/)
      expect(folder.read(handle, 0, 33, false, 0, 0)).toMatch(/bad length/)
      expect(folder.read(handle, 60, 16, false, 1, 0)).toBe(4)
      expect(folder.counters()).toMatchObject({ bytesRead: 4, readCalls: 1 })
    } finally {
      folder.dispose()
    }
  })
})
