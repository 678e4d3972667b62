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

/** Files under the scratch parent other than the children's (empty) roots. */
function leftovers(): string[] {
  return fs.readdirSync(scratch, { recursive: true, encoding: 'utf8' }).filter((entry) => entry.includes('/'))
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
    })
    const perfCase = result.perf?.cases[0]
    expect(perfCase?.submission.counters?.bytesWritten).toBe(4_000_000)
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
