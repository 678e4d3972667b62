import type { PerfCaseResult } from '@arena/grader'
import { expect, it } from 'vitest'
import { inputLesson } from './inputLesson.ts'

function largest(baseline: Record<string, number>, reference: Record<string, number>): PerfCaseResult {
  return {
    submission: { counters: baseline },
    reference: { counters: reference },
  } as unknown as PerfCaseResult
}

const BASELINE = { inputBytes: 1000, rowGroupsRead: 120, rowGroupsSkipped: 0 }

it('a pushdown lesson: the share of the baseline bytes and both sides row groups, within the limit', () => {
  const lesson = inputLesson(
    largest(BASELINE, { inputBytes: 20, rowGroupsRead: 8, rowGroupsSkipped: 112 }),
    0.2,
  )
  expect(lesson).toEqual({
    baselineInputBytes: 1000,
    referenceInputBytes: 20,
    share: 0.02,
    maxShare: 0.2,
    baselineRowGroupsRead: 120,
    baselineRowGroupsSkipped: 0,
    referenceRowGroupsRead: 8,
    referenceRowGroupsSkipped: 112,
  })
})

it('fails a reference that reads more than perf.maxInputShare of the baseline bytes', () => {
  const lesson = inputLesson(
    largest(BASELINE, { inputBytes: 300, rowGroupsRead: 120, rowGroupsSkipped: 0 }),
    0.2,
  )
  expect(lesson?.problem).toMatch(
    /read 300 bytes, 0\.30 of the baseline's 1000, more than perf\.maxInputShare 0\.2/,
  )
})

it('fails a reference that prunes columns but skips no row group (no pushdown the statistics could use)', () => {
  const pruned = inputLesson(
    largest(BASELINE, { inputBytes: 150, rowGroupsRead: 120, rowGroupsSkipped: 0 }),
    0.2,
  )
  expect(pruned?.share).toBe(0.15)
  expect(pruned?.problem).toMatch(/skipped no row group/)
  const unreported = inputLesson(largest({ inputBytes: 1000 }, { inputBytes: 10 }), 0.2)
  expect(unreported?.problem).toMatch(/skipped no row group/)
})

it('nothing to judge without perf.maxInputShare or a perf case; no counters at all is a problem', () => {
  expect(inputLesson(largest(BASELINE, { inputBytes: 900 }))).toBeUndefined()
  expect(inputLesson(undefined, 0.2)).toBeUndefined()
  expect(inputLesson(largest({}, {}), 0.2)?.problem).toMatch(/no inputBytes counter/)
})
