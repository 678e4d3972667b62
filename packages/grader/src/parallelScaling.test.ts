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
})
