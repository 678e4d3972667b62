import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { createGrader, type Grader } from '@arena/grader'
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest'
import { loadPack } from '../load/loadPack.ts'
import { scaffoldChallenge } from '../scaffold/scaffoldChallenge.ts'
import { tempRoot } from '../testing/tempRoot.ts'
import { testPack } from './testPack.ts'

// Real gradings in real isolates: the scaffold must pass its own self-test, and a broken one must not.
let grader: Grader
let root: Awaited<ReturnType<typeof tempRoot>>
let challengeDir: string

beforeAll(() => {
  grader = createGrader({ workers: 1 })
})
afterAll(() => grader.close())
beforeEach(async () => {
  root = await tempRoot({ insideRepo: true })
  challengeDir = (await scaffoldChallenge(root.dir, 'demo', 'sum-array')).dir
})
afterEach(() => root.cleanup())

it('passes on a fresh scaffold', { timeout: 180_000 }, async () => {
  const pack = await loadPack(path.join(root.dir, 'demo'))
  const report = await testPack(pack, { grader, secretSeed: 1 })
  expect(report.typeProblems).toEqual([])
  expect(report.rows.map((row) => [row.solution, row.status, row.ok, row.reason])).toEqual([
    ['reference', 'Accepted', true, undefined],
    ['baseline', 'Accepted', true, undefined],
    ['starter', 'WrongAnswer', true, undefined],
    ['wrong/no-initial-value', 'RuntimeError', true, undefined],
    ['wrong/quadratic', 'TimeLimit', true, undefined],
    ['wrong/skips-last', 'WrongAnswer', true, undefined],
    // Outputs no solution returns: the scaffold's check rejects each of them as a WrongAnswer.
    ['probe/undefined', 'WrongAnswer', true, undefined],
    ['probe/null', 'WrongAnswer', true, undefined],
    ['probe/number', 'WrongAnswer', true, undefined],
    ['probe/string', 'WrongAnswer', true, undefined],
    ['probe/empty-array', 'WrongAnswer', true, undefined],
    ['probe/empty-object', 'WrongAnswer', true, undefined],
    ['probe/array-of-nulls', 'WrongAnswer', true, undefined],
  ])
  expect(report.rows[1]?.ratio).toBeLessThan(1)
  expect(report.ok).toBe(true)
  // Limits suggested from the measured baseline (the slowest Accepted solution); the scaffold's are within them.
  expect(report.limits).toEqual([
    expect.objectContaining({
      challenge: 'sum-array',
      set: { cpuMs: 2000, wallMs: 4000, memoryMb: 100 },
      suggested: expect.objectContaining({ slowest: expect.objectContaining({ solution: 'baseline' }) }),
    }),
  ])
  // No shortcut around the lesson is tested yet: a warning, not a failure. Its reference calls take
  // milliseconds: no warning that they are too short to time.
  expect(report.warnings).toEqual([
    expect.objectContaining({
      challenge: 'sum-array',
      message: expect.stringMatching(/^no route around the lesson/),
    }),
  ])
})

it('fails, naming the file and the reason, when a solution behaves unlike its role', {
  timeout: 180_000,
}, async () => {
  const edit = async (file: string, change: (text: string) => string) =>
    writeFile(path.join(challengeDir, file), change(await readFile(path.join(challengeDir, file), 'utf8')))
  // The baseline as a route around the lesson, copied before the baseline is edited below: correct and
  // far below gold, so it passes its role.
  await mkdir(path.join(challengeDir, 'solutions/slow'))
  await writeFile(
    path.join(challengeDir, 'solutions/slow/plain-loop.ts'),
    await readFile(path.join(challengeDir, 'baseline.ts')),
  )
  // A baseline as fast as the reference, a wrong solution with the wrong expectation, a passing starter.
  const reference = await readFile(path.join(challengeDir, 'reference.ts'), 'utf8')
  await edit('baseline.ts', () => reference)
  await edit('solutions/wrong/skips-last.ts', (text) =>
    text.replace('@expect WrongAnswer', '@expect RuntimeError'),
  )
  await edit('starter.ts', () => reference)
  await edit('challenge.yaml', (text) =>
    text.replace('minBaselineSpeedup: 3', 'minBaselineSpeedup: 3\n  maxRounds: 5'),
  )
  // A check that reads the output before checking its type: a learner returning null would read the
  // check's own TypeError. The probes catch it.
  await edit('tests.ts', (text) =>
    text.replace(
      /if \(typeof output !== 'number'\)[^\n]*/,
      "if ((output as number).toFixed(1) === '') return fail('never')",
    ),
  )

  const pack = await loadPack(path.join(root.dir, 'demo'))
  const report = await testPack(pack, { grader, secretSeed: 1, typecheck: false })
  expect(report.ok).toBe(false)
  const failures = Object.fromEntries(
    report.rows.filter((row) => !row.ok).map((row) => [row.file, row.reason]),
  )
  const shown = (file: string) => path.relative(process.cwd(), path.join(challengeDir, file))
  expect(failures).toEqual({
    [shown('baseline.ts')]: expect.stringMatching(
      /^the reference is only .* faster than the baseline on "2m"/,
    ),
    [shown('starter.ts')]: 'the starter passes every test; it should compile but not pass',
    [shown('solutions/wrong/skips-last.ts')]: expect.stringMatching(
      /^expected RuntimeError, got WrongAnswer/,
    ),
    [shown('tests.ts')]: expect.stringMatching(
      /^the check fails on .* \(WrongAnswer \(The output could not be checked.*\)\): check an untrusted output's type before reading it/,
    ),
  })
  expect(report.rows.find((row) => row.solution === 'slow/plain-loop')).toMatchObject({
    status: 'Accepted',
    ok: true,
  })
  // Every probe the number check does not cover ends in the check's fault; a number is still judged.
  expect(
    report.rows.filter((row) => row.solution.startsWith('probe/') && !row.ok).map((row) => row.solution),
  ).toEqual([
    'probe/undefined',
    'probe/null',
    'probe/string',
    'probe/empty-array',
    'probe/empty-object',
    'probe/array-of-nulls',
  ])
  expect(report.warnings).toEqual([])
})
