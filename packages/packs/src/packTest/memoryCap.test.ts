// Memory that adds up (issue 16, point 8): a reference that is Accepted but whose metered peak is above
// the challenge's stated cap (limits.memoryMb) fails `arena pack test`, naming the peak and the cap.
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { createGrader, type Grader } from '@arena/grader'
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest'
import { loadPack } from '../load/loadPack.ts'
import { scaffoldChallenge } from '../scaffold/scaffoldChallenge.ts'
import type { ChallengeConfig } from '../schema.ts'
import { tempRoot } from '../testing/tempRoot.ts'
import { capOf } from './memoryCap.ts'
import { testPack } from './testPack.ts'

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

// On the small sample inputs, holds 65.5 MB under a 64 MB cap: isolated-vm admits up to the limit
// plus V8's young generation (3 MB more at 64 MB, measured with heap_size_limit), so the run is
// Accepted at a metered peak of about 66 MB, above the stated cap. (A reference cannot probe for the
// edge instead: any refused allocation is a MemoryLimit, even one it catches.)
const GREEDY_REFERENCE = `export function solve(values: Float64Array): number {
  const kept = values.length <= 3 ? new Uint8Array(65.5 * 1024 * 1024) : new Uint8Array(1)
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i]
  return sum + kept[0]
}
`

it('fails a reference whose metered peak is above its stated cap', { timeout: 240_000 }, async () => {
  await writeFile(path.join(challengeDir, 'reference.ts'), GREEDY_REFERENCE)
  // A 64 MB cap, the edge measured above (the scaffold's own is larger).
  const yaml = path.join(challengeDir, 'challenge.yaml')
  await writeFile(yaml, (await readFile(yaml, 'utf8')).replace(/memoryMb: \d+/, 'memoryMb: 64'))
  const pack = await loadPack(path.join(root.dir, 'demo'))
  const report = await testPack(pack, { grader, secretSeed: 1, typecheck: false })
  const reference = report.rows.find((row) => row.solution === 'reference')
  expect([reference?.status, reference?.result?.message]).toEqual(['Accepted', undefined])
  expect(reference?.ok).toBe(false)
  expect(reference?.reason).toMatch(
    /^the reference's metered memory peaked at \d+\.\d\d MB, above the stated cap of 64 MB \(limits\.memoryMb\)/,
  )
  expect(report.ok).toBe(false)
})

// The other side, a reference whose peak stays under its cap (the scaffold's, 100 MB), is testPack.test's
// "passes on a fresh scaffold": its reference row is ok with no reason, after this same check.

it("caps a pool or mapreduce run at memoryMb plus its workers' shares, any other run at memoryMb", () => {
  const config = (engines: string[], memoryMb: number, workers: number) =>
    ({ engines, limits: { memoryMb, workers } }) as unknown as ChallengeConfig
  expect(capOf(config([], 16, 2))).toBe(16)
  expect(capOf(config(['disk'], 8, 1))).toBe(8)
  expect(capOf(config(['pool'], 64, 4))).toBe(64 + 4 * 16)
  // A mapreduce run's peak sums its main isolate and its workers, which are pool workers with the
  // same shares (8 MB each at 16 MB over 2 workers, isolated-vm's minimum at least).
  expect(capOf(config(['mapreduce'], 16, 2))).toBe(16 + 2 * 8)
  expect(capOf(config(['mapreduce'], 8, 2))).toBe(8 + 2 * 8)
})
