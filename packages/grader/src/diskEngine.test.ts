// The disk engine through the whole grader: inputs as read-only files, output files checked in
// place, counters in the result, hostile code with clear verdicts, and no scratch folder left behind,
// also when a sandbox child is killed mid-run.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

// Before the grader starts children: they inherit it and keep their folders there.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'arena-grader-scratch-'))
process.env.ARENA_SCRATCH_DIR = scratch

const { createGrader } = await import('./createGrader.ts')
const { diskCopyChallenge } = await import('./testing/diskCopyChallenge.ts')
type GradeMode = import('./types.ts').GradeMode

const grader = createGrader()
afterAll(async () => {
  await grader.close()
  fs.rmSync(scratch, { recursive: true, force: true })
})
const challenge = diskCopyChallenge()
const HEAD =
  "import { disk } from 'arena:disk'\ninterface CopyJob { input: string; output: string; bytes: number }\n"

function grade(body: string, mode: GradeMode = 'samples') {
  return grader.grade({
    challenge,
    source: `${HEAD}export function solve(job: CopyJob) {\n${body}\n}`,
    mode,
    secretSeed: 1,
  })
}

/**
 * Files under the scratch parent other than the children's roots and the inputs each live child keeps
 * for its next tasks (child/inputCache.ts: read-only links to generated input files, nothing of a run).
 */
function leftovers(): string[] {
  return fs
    .readdirSync(scratch, { recursive: true, encoding: 'utf8' })
    .filter((entry) => entry.includes('/') && !/^child-\d+\/kept-input-\d+(\/\d+)?$/.test(entry))
}

describe('the disk engine in the grader', () => {
  it('grades the reference: Accepted, with disk counters per test and per perf case', async () => {
    const result = await grader.grade({
      challenge,
      source: challenge.referenceSource,
      mode: 'full',
      secretSeed: 1,
    })
    expect(result.status).toBe('Accepted')
    expect(result.tests[0]?.metrics?.counters).toMatchObject({
      bytesRead: 1000,
      bytesWritten: 1000,
      filesCreated: 1,
      // the call's own input file: what bytesRead is counted in passes of
      inputBytes: 1000,
    })
    const perfCase = result.perf?.cases[0]
    expect(perfCase?.submission.counters?.bytesWritten).toBe(4_000_000)
    expect(perfCase?.submission.counters?.inputBytes).toBe(4_000_000)
    expect(perfCase?.reference.counters?.bytesWritten).toBe(4_000_000)
    expect(result.metrics?.counters?.bytesRead).toBe(4_000_000)
    expect(leftovers()).toEqual([])
  })

  it('an input file cannot be changed: the next run reads the same input', async () => {
    const result = await grade(
      "try { disk.open(job.input).write(new Uint8Array(10), 0) } catch (e) { if (!String(e).includes('read-only')) throw e }\n" +
        'const i = disk.open(job.input); const o = disk.create(job.output); const b = new Uint8Array(job.bytes); i.read(b, 0); o.write(b, 0)',
      'tests',
    )
    expect(result.status).toBe('Accepted')
  })

  it.each([
    ["disk.create('../x')", /DiskError: "\.\.\/x" contains "\.\."/],
    ["disk.create('/etc/passwd')", /DiskError: "\/etc\/passwd" is an absolute path/],
    ["disk.open('x'.repeat(5000))", /longer than 100 characters/],
    [
      'disk.create(job.output).write([1, 2, 3] as any, 0)',
      /TypeError: write expects a typed array or a DataView, got an array/,
    ],
    [
      "const f = disk.create('a'); disk.delete('a'); f.read(new Uint8Array(4), 0)",
      /DiskError: a was deleted: its file handles are closed/,
    ],
    ["for (let i = 0; i < 5000; i++) disk.create('f' + i)", /DiskError: too many open files: at most 64/],
    [
      "for (let i = 0; i < 5000; i++) disk.create('f' + i).close()",
      /DiskError: too many files: the scratch folder holds at most 1000 files/,
    ],
  ])('%s: RuntimeError with a clear message and the line', async (body, message) => {
    const result = await grade(body)
    expect(result.status).toBe('RuntimeError')
    expect(result.message).toMatch(message)
    expect(result.message).toMatch(/line 4/)
    expect(leftovers()).toEqual([])
  })

  describe('issue 14: no timed input before its call (work before the clock starts)', () => {
    it('module evaluation sees no input at all, and the warm-up call sees only its own: Accepted', async () => {
      // Any sight of the timed input (input.bin) before its call throws, so the run is a RuntimeError.
      const result = await grader.grade({
        challenge,
        source: `${HEAD}
const sizeOf = (name: string) => { try { return disk.size(name) } catch { return -1 } }
const atModule = { list: disk.list(), exists: disk.exists('input.bin'), size: sizeOf('input.bin'), usage: disk.usage().used }
let opened = 'no'
try { disk.open('input.bin'); opened = 'yes' } catch {}
export function solve(job: CopyJob) {
  if (atModule.list.length || atModule.exists || atModule.size !== -1 || atModule.usage || opened === 'yes')
    throw new Error('module saw ' + JSON.stringify([atModule, opened]))
  if (job.input.startsWith('warmup-')) {
    let read = 'no'
    try { disk.open('input.bin').read(new Uint8Array(1), 0); read = 'yes' } catch {}
    if (disk.list().join() !== 'warmup-input.bin' || disk.exists('input.bin') || sizeOf('input.bin') !== -1 || read === 'yes')
      throw new Error('warm-up saw ' + disk.list())
  }
  const i = disk.open(job.input); const o = disk.create(job.output); const b = new Uint8Array(job.bytes); i.read(b, 0); o.write(b, 0)
}`,
        mode: 'full',
        secretSeed: 1,
      })
      expect(result.message).toBeUndefined()
      expect(result.status).toBe('Accepted')
    })

    it('a submission that caches the answer at module evaluation gets no speed from it: not gold', async () => {
      // If the timed input (input.bin) were visible before the call, the copy would be done at module
      // evaluation and the timed call would return at once (score 10, gold). It is not, so the timed
      // call does its own (deliberately slow: five copies) work: bronze.
      const result = await grader.grade({
        challenge,
        source: `${HEAD}
function copy(job: CopyJob, times: number) {
  const i = disk.open(job.input); const b = new Uint8Array(job.bytes); i.read(b, 0); i.close()
  for (let t = 0; t < times; t++) { const o = disk.create(job.output); o.write(b, 0); o.close() }
  return job.bytes
}
const timed = { input: 'input.bin', output: 'output.bin', bytes: 0 }
let cached = false
try { timed.bytes = disk.size('input.bin'); if (timed.bytes > 0) { copy(timed, 1); cached = true } } catch {}
export function solve(job: CopyJob) {
  if (cached && job.input === 'input.bin') return job.bytes
  return copy(job, 5)
}`,
        mode: 'full',
        secretSeed: 1,
      })
      expect(result.status).toBe('Accepted')
      expect(result.perf?.tier).not.toBe('gold')
      expect(result.perf?.score ?? 10).toBeLessThan(0.5)
    })
  })

  it('filling the disk past the quota: RuntimeError naming the quota and the file', async () => {
    const result = await grade(
      "const f = disk.create('run-3.bin')\nfor (;;) f.append(new Uint8Array(1 << 20))",
    )
    expect(result.status).toBe('RuntimeError')
    expect(result.message).toMatch(
      /^DiskError: Disk quota of 8 MB exceeded while writing run-3\.bin.*\(line 5, column \d+\)/,
    )
    expect(leftovers()).toEqual([])
  })

  it('a child killed mid-run: its scratch folder is swept by the next child', async () => {
    const spinning = grade("disk.create('evidence.bin').append(new Uint8Array(1000))\nfor (;;) {}")
    let victim: string | undefined
    for (let tries = 0; !victim && tries < 200; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25))
      victim = fs
        .readdirSync(scratch, { recursive: true, encoding: 'utf8' })
        .find((entry) => entry.endsWith('evidence.bin'))
    }
    expect(victim).toBeDefined()
    const childDir = (victim as string).split('/')[0] as string
    process.kill(Number(childDir.replace('child-', '')), 'SIGKILL')
    const killed = await spinning
    expect(killed.status).toBe('InternalError')
    expect(fs.existsSync(path.join(scratch, childDir))).toBe(true)

    const next = await grader.grade({
      challenge,
      source: challenge.referenceSource,
      mode: 'samples',
      secretSeed: 2,
    })
    expect(next.status).toBe('Accepted')
    expect(fs.existsSync(path.join(scratch, childDir))).toBe(false)
    expect(leftovers()).toEqual([])
  })
})
