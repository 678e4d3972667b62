// Issue 19.11: a size with named parameters (`{ n, w }`) goes through generate, the generated cases,
// the perf trial and the result, in real gradings.
import { afterAll, describe, expect, it } from 'vitest'
import { createGrader } from './createGrader.ts'
import { gradeResultSchema } from './resultSchema.ts'
import { windowSumsChallenge } from './testing/windowSumsChallenge.ts'

const grader = createGrader()
afterAll(() => grader.close())

// The naive loop: w additions per window, so the wide case is ~100x the narrow one's work.
const NAIVE = `export function solve({ values, w }: { values: Float64Array; w: number }): Float64Array {
  const sums = new Float64Array(Math.max(0, values.length - w + 1))
  for (let s = 0; s < sums.length; s++) { let t = 0; for (let i = s; i < s + w; i++) t += values[i]!; sums[s] = t }
  return sums
}`

describe('named case parameters', () => {
  it('generate receives them in every case, and the result names them per perf case', async () => {
    const result = await grader.grade({
      challenge: windowSumsChallenge(),
      source: NAIVE,
      mode: 'full',
      secretSeed: 3,
    })
    expect(gradeResultSchema.parse(result)).toEqual(result)
    expect(result.status).toBe('Accepted')
    // The check counts n - w + 1 windows: a w that did not arrive would fail every case.
    expect(result.tests.map((test) => test.name)).toEqual([
      'ten values, window 3',
      'window of one',
      'generated #1 (size n = 40 · w = 5)',
      'generated #2 (size n = 60 · w = 60)',
    ])
    expect(result.perf?.cases.map(({ name, size }) => ({ name, size }))).toEqual([
      { name: 'narrow', size: { n: 100_000, w: 4 } },
      { name: 'wide', size: { n: 100_000, w: 400 } },
    ])
    // The reference slides its window; the naive loop's cost grows with w: the wide case shows it.
    const [narrow, wide] = result.perf?.cases ?? []
    expect(wide?.ratio).toBeLessThan((narrow?.ratio ?? 0) / 5)
  })

  it('refuses a tests.ts whose generated sizes mix shapes, as the challenge’s fault', async () => {
    const result = await grader.grade({
      challenge: windowSumsChallenge({
        testsFile: new URL('./testing/window-sums/mixedSizes.tests.ts', import.meta.url).pathname,
      }),
      source: NAIVE,
      mode: 'tests',
      secretSeed: 3,
    })
    expect(result.status).toBe('InternalError')
    expect(result.message).toMatch(/generated\.sizes .*is a plain number where the first size is \{ n, w \}/)
  })
})
