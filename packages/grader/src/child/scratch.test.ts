import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-scratch-test-'))
process.env.ARENA_SCRATCH_DIR = parent
const { checkContext, childScratchRoot, InputFolder, makeFolder, removeFolder } = await import('./scratch.ts')
afterAll(() => fs.rmSync(parent, { recursive: true, force: true }))

describe('scratch folders of a sandbox child', () => {
  it('sweeps folders of children that are gone, keeps those of live ones', () => {
    fs.mkdirSync(path.join(parent, 'child-999999999'))
    fs.mkdirSync(path.join(parent, `child-${process.ppid}`))
    const root = childScratchRoot()
    expect(root).toBe(path.join(parent, `child-${process.pid}`))
    expect(fs.readdirSync(parent).sort()).toEqual([`child-${process.pid}`, `child-${process.ppid}`].sort())
  })

  it('writes input files streamed and read-only, with the prefix, and links them into a run', () => {
    const inputs = new InputFolder()
    const ctx = inputs.context('warmup-')
    function* chunks() {
      yield Uint8Array.of(1, 2)
      yield new Uint16Array([0x0403])
    }
    expect(ctx.files.write('in.bin', chunks())).toBe('warmup-in.bin')
    expect(ctx.files.name('out.bin')).toBe('warmup-out.bin')
    expect(() => ctx.files.write('../x', Uint8Array.of(1))).toThrow(/tests\.ts: .*"\.\."/)
    const run = makeFolder('run')
    inputs.linkInto(run)
    const linked = path.join(run, 'warmup-in.bin')
    expect([...fs.readFileSync(linked)]).toEqual([1, 2, 3, 4])
    expect(fs.statSync(linked).mode & 0o777).toBe(0o444)

    const files = checkContext(run).files
    expect(files.exists('warmup-in.bin')).toBe(true)
    expect(files.exists('nope')).toBe(false)
    expect(files.size('warmup-in.bin')).toBe(4)
    // Each chunk is a view of one reused buffer: copy it before the next step.
    expect(Array.from(files.chunks('warmup-in.bin', 3), (chunk) => [...chunk])).toEqual([[1, 2, 3], [4]])
    expect(() => files.size('nope')).toThrow(/no output file named "nope"/)
    removeFolder(run)
    inputs.remove()
    expect(fs.readdirSync(childScratchRoot())).toEqual([])
  })

  it("stages each call's input files only when that call starts, replacing a run's file of the same name", () => {
    const inputs = new InputFolder()
    inputs.context('warmup-').files.write('in.bin', Uint8Array.of(1))
    inputs.context('').files.write('in.bin', Uint8Array.of(2, 3))
    const run = makeFolder('run')
    const stager = inputs.stagerFor(run)
    // Module evaluation: nothing; call 0: the warm-up's file only.
    expect(fs.readdirSync(run)).toEqual([])
    expect(stager.stage(0)).toEqual(['warmup-in.bin'])
    expect(fs.readdirSync(run)).toEqual(['warmup-in.bin'])
    // A file the run wrote under the timed input's name is replaced by the input when call 1 starts.
    fs.writeFileSync(path.join(run, 'in.bin'), 'planted')
    expect(stager.stage(1)).toEqual(['in.bin'])
    expect(stager.stage(1)).toEqual(['in.bin'])
    expect(fs.readdirSync(run).sort()).toEqual(['in.bin', 'warmup-in.bin'])
    expect([...fs.readFileSync(path.join(run, 'in.bin'))]).toEqual([2, 3])
    expect(stager.stage(2)).toEqual([])
    removeFolder(run)
    inputs.remove()
  })
})
