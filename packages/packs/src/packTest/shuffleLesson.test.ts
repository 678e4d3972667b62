import type { PerfCaseResult } from '@arena/grader'
import { expect, it } from 'vitest'
import { MAX_REDUCER_SKEW, SKEW_CLOCKS, shuffleLesson } from './shuffleLesson.ts'

const SKEW_CLOCK = SKEW_CLOCKS[0] ?? ''

function largest(baseline: Record<string, number>, reference: Record<string, number>): PerfCaseResult {
  return {
    submission: { counters: baseline },
    reference: { counters: reference },
  } as unknown as PerfCaseResult
}

const BASELINE = { shuffleBytes: 1000, reducerSkew: 4.4, slowestReduceNs: 90e6 }

it('a combiner lesson: the share of the baseline shuffle and each side skew, never a failure', () => {
  const lesson = shuffleLesson(largest(BASELINE, { shuffleBytes: 200, reducerSkew: 3 }), 'wall')
  expect(lesson).toEqual({
    lesson: 'shuffle',
    baselineShuffleBytes: 1000,
    referenceShuffleBytes: 200,
    share: 0.2,
    baselineSkew: 4.4,
    referenceSkew: 3,
    baselineSlowestReduceNs: 90e6,
  })
})

it(`a challenge ranked by the slowest reducer is a skew lesson: the reference within ${MAX_REDUCER_SKEW}x of the mean`, () => {
  const even = shuffleLesson(
    largest(BASELINE, { shuffleBytes: 1100, reducerSkew: 1.05, slowestReduceNs: 25e6 }),
    SKEW_CLOCK,
  )
  expect(even).toMatchObject({ lesson: 'skew', referenceSkew: 1.05, referenceSlowestReduceNs: 25e6 })
  expect(even?.problem).toBeUndefined()
  const skewed = shuffleLesson(largest(BASELINE, { shuffleBytes: 1000, reducerSkew: 2.1 }), SKEW_CLOCK)
  expect(skewed?.problem).toMatch(/2\.10x the mean load, more than 1\.5x/)
  const unreported = shuffleLesson(largest(BASELINE, { shuffleBytes: 1000 }), SKEW_CLOCK)
  expect(unreported?.problem).toMatch(/no reducerSkew/)
})

it('no lesson without a shuffle counter (not a mapreduce challenge)', () => {
  expect(shuffleLesson(largest({ bytesRead: 1 }, { bytesRead: 1 }), SKEW_CLOCK)).toBeUndefined()
  expect(shuffleLesson(undefined)).toBeUndefined()
})
