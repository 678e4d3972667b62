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
    engine: 'mapreduce',
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

it("a dataset challenge: the shuffle its stages wrote and its worst stage's partition skew", () => {
  // As DatasetEngine.counters() sums them over the call's stages (and keeps the worst stage's skew).
  const grouped = {
    shuffleWriteBytes: 5_935_280,
    shuffleReadBytes: 5_935_280,
    partitionSkew: 1.02,
    stages: 2,
  }
  const reduced = { shuffleWriteBytes: 790_000, shuffleReadBytes: 790_000, partitionSkew: 1.01, stages: 2 }
  const lesson = shuffleLesson(largest(grouped, reduced), 'wall')
  expect(lesson).toEqual({
    lesson: 'shuffle',
    engine: 'dataset',
    baselineShuffleBytes: 5_935_280,
    referenceShuffleBytes: 790_000,
    share: 790_000 / 5_935_280,
    baselineSkew: 1.02,
    referenceSkew: 1.01,
  })
  expect(lesson?.problem).toBeUndefined()
})

it("fails a shuffle lesson past the challenge's perf.maxShuffleShare, on either engine", () => {
  const dataset = shuffleLesson(largest({ shuffleWriteBytes: 1000 }, { shuffleWriteBytes: 300 }), 'wall', 0.2)
  expect(dataset).toMatchObject({ engine: 'dataset', share: 0.3, maxShare: 0.2 })
  expect(dataset?.problem).toMatch(
    /shuffleWriteBytes 300\) is 0\.30 of the baseline's \(1000\), more than perf\.maxShuffleShare 0\.2/,
  )
  const within = shuffleLesson(largest({ shuffleWriteBytes: 1000 }, { shuffleWriteBytes: 150 }), 'wall', 0.2)
  expect(within?.problem).toBeUndefined()
  const mapreduce = shuffleLesson(largest(BASELINE, { shuffleBytes: 600 }), 'wall', 0.5)
  expect(mapreduce).toMatchObject({ engine: 'mapreduce', share: 0.6 })
  expect(mapreduce?.problem).toMatch(/shuffleBytes 600\) is 0\.60 .*more than perf\.maxShuffleShare 0\.5/)
  // A dataset job with no wide transformation wrote nothing: a share of 1, not a division by zero.
  expect(shuffleLesson(largest({ shuffleWriteBytes: 0 }, { shuffleWriteBytes: 0 }), 'wall')?.share).toBe(1)
})

it('a dataset skew lesson: perf.maxPartitionSkew holds the reference under it and the baseline over it', () => {
  // As DatasetEngine.counters() reports them: the worst stage's skew, each stage's slowest task summed.
  const grouped = {
    shuffleWriteBytes: 4_100_000,
    partitionSkew: 5.2,
    slowestTaskNs: 180e6,
    criticalPathNs: 260e6,
  }
  const salted = {
    shuffleWriteBytes: 5_000_000,
    partitionSkew: 1.08,
    slowestTaskNs: 70e6,
    criticalPathNs: 150e6,
  }
  // The clock names no skew: the field alone makes it a skew lesson.
  const lesson = shuffleLesson(largest(grouped, salted), 'wall', undefined, 1.5)
  expect(lesson).toMatchObject({
    lesson: 'skew',
    engine: 'dataset',
    maxSkew: 1.5,
    baselineSkew: 5.2,
    referenceSkew: 1.08,
    baselineSlowestReduceNs: 180e6,
    referenceSlowestReduceNs: 70e6,
  })
  expect(lesson?.problem).toBeUndefined()

  const hot = shuffleLesson(largest(grouped, { ...salted, partitionSkew: 1.9 }), SKEW_CLOCK, undefined, 1.5)
  expect(hot?.problem).toMatch(
    /most loaded task gets 1\.90x the mean load, more than perf\.maxPartitionSkew 1\.5/,
  )
  // A tighter bound than the default 1.5 is the challenge's to set.
  const tight = shuffleLesson(largest(grouped, salted), SKEW_CLOCK, undefined, 1.05)
  expect(tight?.problem).toMatch(/1\.08x the mean load, more than perf\.maxPartitionSkew 1\.05/)

  // An input the baseline handles evenly teaches nothing about skew: that fails too.
  const even = shuffleLesson(largest({ ...grouped, partitionSkew: 1.3 }, salted), SKEW_CLOCK, undefined, 1.5)
  expect(even?.problem).toMatch(
    /baseline's most loaded task gets 1\.30x the mean load, within perf\.maxPartitionSkew 1\.5/,
  )
  const { partitionSkew: _, ...unreported } = grouped
  expect(shuffleLesson(largest(unreported, salted), SKEW_CLOCK, undefined, 1.5)?.problem).toMatch(
    /baseline's most loaded task gets no reported load/,
  )
  // Without the field a skew clock keeps the default bound and does not judge the baseline.
  expect(
    shuffleLesson(largest({ ...grouped, partitionSkew: 1.3 }, salted), SKEW_CLOCK)?.problem,
  ).toBeUndefined()
})

it('no lesson without a shuffle counter (not a mapreduce or dataset challenge)', () => {
  expect(shuffleLesson(largest({ bytesRead: 1 }, { bytesRead: 1 }), SKEW_CLOCK)).toBeUndefined()
  expect(shuffleLesson(undefined)).toBeUndefined()
})
