// A parallel challenge's result says how the submission scales: itself on all workers against itself
// on one, interleaved on the same inputs. Speeds are not asserted (shared machines); shapes are.
import { afterAll, describe, expect, it } from 'vitest'
import { createGrader } from './createGrader.ts'
import { poolSpinChallenge } from './testing/poolSpinChallenge.ts'
import { sumArrayChallenge } from './testing/sumArrayChallenge.ts'

const grader = createGrader()
afterAll(() => grader.close())

describe('the scaling report of parallel challenges', () => {
  it('measures the submission on its workers against one worker, with an interval and efficiency', async () => {
    const challenge = poolSpinChallenge()
    const progress: string[] = []
    const result = await grader.grade({
      challenge,
      source: challenge.referenceSource,
      mode: 'full',
      secretSeed: 3,
      onProgress: (event) => {
        if (event.phase === 'perf') progress.push(event.caseName)
      },
    })
    expect(result.status).toBe('Accepted')
    const parallel = result.parallel
    expect(parallel).toBeDefined()
    if (!parallel) return
    expect(parallel.caseName).toBe('spin')
    expect(parallel.workers).toBeGreaterThanOrEqual(1)
    expect(parallel.workers).toBeLessThanOrEqual(2)
    expect(parallel.speedup).toBeGreaterThan(0)
    expect(parallel.interval[0]).toBeLessThanOrEqual(parallel.speedup)
    expect(parallel.interval[1]).toBeGreaterThanOrEqual(parallel.speedup)
    expect(parallel.efficiency).toBeCloseTo(parallel.speedup / parallel.workers)
    expect(parallel.oneWorkerNs / parallel.ns).toBeGreaterThan(0)
    expect(progress.some((name) => name.includes('scaling (1 worker)'))).toBe(true)
  })

  it('a submission whose workers never ran a task used one core: speedup 1 exactly, not measured noise', async () => {
    const challenge = poolSpinChallenge()
    // The reference's spin, called in a loop in the main isolate: the pool is granted, never used.
    const spinOnly = challenge.referenceSource.replace(/export async function solve[\s\S]*$/, '')
    const result = await grader.grade({
      challenge,
      source: `${spinOnly}
export async function solve(input: { seed: number; tasks: number; work: number }): Promise<number> {
  let total = 0
  for (let task = 0; task < input.tasks; task++) total += spin({ seed: input.seed, task, work: input.work })
  return total
}`,
      mode: 'full',
      secretSeed: 3,
    })
    expect(result.status).toBe('Accepted')
    expect(result.parallel).toMatchObject({ speedup: 1, interval: [1, 1] })
    expect(result.parallel?.efficiency).toBeCloseTo(1 / (result.parallel?.workers ?? 1))
    expect(result.parallel?.efficiency).toBeLessThan(0.8)
  })

  it('is left out for challenges with one worker or no pool, and for runs that fail', async () => {
    const single = sumArrayChallenge()
    const plain = await grader.grade({
      challenge: single,
      source: single.referenceSource,
      mode: 'full',
      secretSeed: 1,
    })
    expect(plain.status).toBe('Accepted')
    expect(plain.parallel).toBeUndefined()

    const challenge = poolSpinChallenge()
    const wrong = await grader.grade({
      challenge,
      source: challenge.referenceSource.replace('sum + value', 'sum + value + 1'),
      mode: 'full',
      secretSeed: 1,
    })
    expect(wrong.status).toBe('WrongAnswer')
    expect(wrong.parallel).toBeUndefined()
  })

  describe("issue 14, class 1: the workers share the run's memory limit", () => {
    const challenge = poolSpinChallenge()
    const grade = (source: string) =>
      grader.grade({
        challenge,
        source: `import { pool } from 'arena:pool'\n${source}`,
        mode: 'samples',
        secretSeed: 1,
      })

    it('a worker that fills its share is MemoryLimit naming the task and the worker, never InternalError', async () => {
      const result = await grade(`const kept: Float64Array[] = []
export function hog(): number { for (;;) kept.push(new Float64Array(1 << 20)) }
export async function solve(): Promise<number> { await pool.map('hog', [1]); return 0 }`)
      expect(result.status).toBe('MemoryLimit')
      expect(result.message).toMatch(
        /memory limit of 32 MB while running task 0 \(`hog`\) on pool worker 0.*The 2 pool workers share the run's 64 MB memory limit/,
      )
      expect(result.perf).toBeUndefined()
    })

    it("the reported peak counts the workers' memory with the main isolate's", async () => {
      // Each worker keeps 12 MB; the main isolate holds next to nothing.
      const result = await grade(`const kept: Float64Array[] = []
export function keep(): number { kept.push(new Float64Array(1.5 * 2 ** 20).fill(1)); const t = Date.now(); while (Date.now() - t < 100) {} return kept.length }
export async function solve(input: { seed: number; tasks: number; work: number }): Promise<number> {
  await pool.map('keep', [1, 2])
  const t = Date.now(); while (Date.now() - t < 100) {}
  const tasks = Array.from({ length: input.tasks }, (_, task) => ({ seed: input.seed, task, work: input.work }))
  return ((await pool.map('spin', tasks)) as number[]).reduce((sum, value) => sum + value, 0)
}
export function spin({ seed, task, work }: { seed: number; task: number; work: number }): number {
  let x = (seed + task) | 0
  for (let i = 0; i < work; i++) x = (Math.imul(x, 1103515245) + 12345) | 0
  return x & 0xffff
}`)
      expect(result.status).toBe('Accepted')
      const metrics = result.tests[0]?.metrics
      expect(metrics?.counters?.runPeakBytes).toBeGreaterThanOrEqual(24 * 2 ** 20)
      expect(metrics?.peakBytes).toBe(metrics?.counters?.runPeakBytes)
    })
  })
})
