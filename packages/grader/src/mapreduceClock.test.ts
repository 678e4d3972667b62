// Issue 14, class 4, through the real grader: a mapreduce challenge ranked by a counter clock
// (`counter:criticalPathNs`) cannot be beaten by doing the work where the counter does not look.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { makespanNs } from '@arena/engines'
import { afterAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { createGrader } from './createGrader.ts'
import { expectBronze } from './testing/expectBronze.ts'
import { mrSpinChallenge } from './testing/mrSpinChallenge.ts'
import type { GradableChallenge } from './types.ts'

const grader = createGrader()
afterAll(() => grader.close())
// Every grading here is judged on its trial's score and tier: the untimed profile round after the
// trial changes neither, and on these fixtures it is another two spins of the largest case.

/** All eight keys' spins, done in whatever code this is pasted into. */
const ALL_KEYS = `let total = 0
  for (let key = 0; key < input.keys; key++) {
    let x = (input.seed + key) | 0
    for (let i = 0; i < input.work; i++) x = (Math.imul(x, 1103515245) + 12345) | 0
    total += x & 0xffff
  }`

const TOKEN_JOB = `export function map(r: number, emit: (k: number, v: number) => void) { emit(r, r) }
export function reduce(k: number, vs: number[], emit: (k: number, v: number) => void) { emit(k, vs.length) }`

// Both counters a mapreduce challenge can rank by: `slowestReduceNs` was the reducers' time alone
// (a token job made the real work free, and a call with no job had no counter: InternalError).
describe.each(['counter:criticalPathNs', 'counter:slowestReduceNs'] as const)(
  'mapreduce counter clock %s through the grader (issue 14, class 4)',
  (clock) => {
    // Eight reduce slots (the challenge's workers) for eight keys: the reference's path is one key's spin.
    const base = mrSpinChallenge({ clock })
    const challenge = mrSpinChallenge({ clock, limits: { ...base.limits, workers: 8 } })
    const grade = (source: string) =>
      grader.grade({ challenge, source, mode: 'full', secretSeed: 1, profile: false })

    it('the reference spreads the keys over the reducers: above bronze against itself', async () => {
      let result = await grade(challenge.referenceSource)
      expect(result.status).toBe('Accepted')
      // Eight worker isolates on a 2-core machine shared with other test files: a clean-clone run once
      // read the reference at 0.39x itself. A second grading, as a runner grades a noisy result again,
      // must not be that unlucky too.
      if ((result.perf?.score ?? 0) < 0.5) result = await grade(challenge.referenceSource)
      expect(result.perf?.score).toBeGreaterThanOrEqual(0.5)
    })

    it('solving in solve beside a one-record token job is on the clock: bronze, not gold', async () => {
      const result = await grade(`import { mapreduce } from 'arena:mapreduce'
${TOKEN_JOB}
export async function solve(input: { seed: number; keys: number; work: number }) {
  ${ALL_KEYS}
  await mapreduce.run({ input: [[1]], reducers: 1 })
  return total
}`)
      expectBronze(result)
    })

    it('a correct answer with no job at all is timed by its own CPU: Accepted, bronze, no InternalError', async () => {
      const result =
        await grade(`export async function solve(input: { seed: number; keys: number; work: number }) {
  ${ALL_KEYS}
  return total
}`)
      expectBronze(result)
    })

    it('all the work in one map task is on the clock too: bronze', async () => {
      const result = await grade(`import { mapreduce } from 'arena:mapreduce'
export function map(input: { seed: number; keys: number; work: number }, emit: (k: number, v: number) => void) {
  ${ALL_KEYS}
  emit(0, total)
}
export function reduce(k: number, vs: number[], emit: (k: number, v: number) => void) { emit(k, vs[0] as number) }
export async function solve(input: { seed: number; keys: number; work: number }) {
  const { output } = await mapreduce.run<number, number>({ input: [[input]], reducers: 1 })
  return output[0]?.[0]?.[1]
}`)
      expectBronze(result)
    })
  },
)

// The real skewed-keys challenge (challenges/core/skewed-keys): its clock charges a job's reducers as
// the challenge's 8 reduce slots would run them (the engine's makespanNs over each reducer's measured
// CPU time), so more reducers than slots only queue (issue 14, class 4: salting over 1024 reducers
// made the slowest reducer, and the old clock, 128 times smaller). Exact numbers here: the times of a
// 1024-reducer run through the grader are too noisy on a shared machine to tell ~1x from gold.
describe('skewed-keys: more reducers than the 8 reduce slots never shrink the clock', () => {
  const folder = fileURLToPath(new URL('../../../challenges/core/skewed-keys/', import.meta.url))
  const config = parseYaml(readFileSync(`${folder}challenge.yaml`, 'utf8')) as {
    clock: GradableChallenge['clock']
    limits: GradableChallenge['limits']
    perf: GradableChallenge['perf']
  }
  it("the 8 slots are the challenge's workers: the reference is on 8 reducers", () => {
    expect(config.clock).toBe('counter:criticalPathNs')
    expect(config.limits.workers).toBe(8)
  })

  it('1024 reducers queue for the 8 slots: their makespan is their CPU over 8, never one reducer', () => {
    // 8 reducers on 8 slots: the slowest one, as before the rule.
    expect(makespanNs([5, 9, 1, 3, 2, 8, 7, 6], config.limits.workers)).toBe(9)
    // The same work salted over 1024 reducers of 1 each: 128 per slot, not 1.
    expect(makespanNs(new Array(1024).fill(1), config.limits.workers)).toBe(128)
    // A hot reducer still decides, however many slots there are.
    expect(makespanNs([100, 1, 1, 1], config.limits.workers)).toBe(100)
  })
})

// The map-slot rule (issue 14, class 4): a job's map tasks are charged as the challenge's `workers`
// slots run them, as its reducers are. When the clock took only the slowest map task, work cut into
// more map tasks than slots was nearly free: one key per map task beat the reference (8 reducers on
// 2 slots) about 4x, and the work three times over in 24 map tasks about 4x too.
describe('map tasks queue for the slots: many map tasks never shorten the clock (issue 14, class 4)', () => {
  // Two slots (the fixture's workers) for eight keys: the reference's path is four keys' spins. CPU
  // room for the submissions that spin three times the reference's work.
  const base = mrSpinChallenge()
  const challenge = mrSpinChallenge({ limits: { ...base.limits, cpuMs: 60_000, wallMs: 90_000 } })
  const grade = (source: string) =>
    grader.grade({ challenge, source, mode: 'full', secretSeed: 1, profile: false })
  /** Each split is one [seed, key, work] record: `copies` map tasks per key, each spinning its key. */
  const spinInMapTasks = (copies: number) => `import { mapreduce } from 'arena:mapreduce'
export function map(record: [number, number, number], emit: (key: number, value: number) => void) {
  const [seed, key, work] = record
  let x = (seed + key) | 0
  for (let i = 0; i < work; i++) x = (Math.imul(x, 1103515245) + 12345) | 0
  emit(key, x & 0xffff)
}
export function reduce(key: number, values: number[], emit: (key: number, value: number) => void) {
  emit(key, values[0] as number)
}
export async function solve(input: { seed: number; keys: number; work: number }) {
  const splits: [number, number, number][][] = []
  for (let copy = 0; copy < ${copies}; copy++)
    for (let key = 0; key < input.keys; key++) splits.push([[input.seed, key, input.work]])
  const { output } = await mapreduce.run<number, number>({ input: splits, reducers: 1 })
  return output.flat().reduce((sum, [, value]) => sum + value, 0)
}`

  it('one key per map task (8 tasks on 2 slots) does not beat the reference (8 reducers on 2 slots)', async () => {
    const result = await grade(spinInMapTasks(1))
    expect(result.status).toBe('Accepted')
    // The same work on the same slots: about 1x (it was ~4x when only the slowest map task counted).
    expect(result.perf?.score ?? 10).toBeLessThan(2)
  })

  // Three times the reference's work in every round: ~30 s alone, past vitest's 60 s on a busy machine.
  it('the work three times over in 24 map tasks is charged whole: bronze, not gold', async () => {
    const result = await grade(spinInMapTasks(3))
    expectBronze(result)
  }, 180_000)
})
