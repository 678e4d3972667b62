// The report's engine evidence and headline, from results recorded from real gradings (see
// tests/fixtures/results): every engine's figures, yours beside the reference's, and numbers a learner
// can check with a calculator.
import { describe, expect, it } from 'vitest'
import { recordedSubmission } from '../../scripts/recordedSubmission.ts'
import { type EngineEvidence, engineEvidence } from './engineEvidence.ts'
import { countedRatio, headlineOf, isCapped, needsLogScale } from './perfFigures.ts'

function figures(evidence: EngineEvidence[], engine: string) {
  const found = evidence.find((entry) => entry.engine === engine)
  if (!found) throw new Error(`no ${engine} evidence in ${evidence.map((e) => e.engine).join(', ')}`)
  return Object.fromEntries(
    found.rows.map((row) => [row.index === undefined ? row.label : `${row.label}${row.index}`, row]),
  )
}

describe('engine evidence from recorded results, yours beside the reference on the largest case', () => {
  it('disk (external-sort): bytes read and written, passes over the input, seeks, peak scratch', () => {
    const rows = figures(engineEvidence(recordedSubmission('disk')), 'disk')
    for (const label of ['bytesRead', 'bytesWritten', 'readPasses', 'seeks', 'peakScratch']) {
      expect(rows[label]?.yours, label).toBeTypeOf('number')
      expect(rows[label]?.reference, label).toBeTypeOf('number')
    }
    // The reference reads its input about twice (one run-forming pass, one merge pass).
    expect(rows.readPasses?.reference).toBeGreaterThanOrEqual(1)
    expect(rows.readPasses?.reference).toBeLessThan(4)
  })

  it('pool (parallel-histogram): busy time and tasks per worker, speedup and efficiency', () => {
    const submission = recordedSubmission('pool')
    const rows = figures(engineEvidence(submission), 'pool')
    expect(rows.workerBusy0?.yours).toBeGreaterThan(0)
    expect(rows.workerBusy1?.reference).toBeGreaterThan(0)
    expect(rows.workerTasks0?.yours).toBeGreaterThan(0)
    expect(rows.efficiency?.yours).toBe(submission.parallel?.efficiency)
    expect(rows.speedup?.yours).toBe(submission.parallel?.speedup)
  })

  it('mapreduce (word-count): shuffle bytes, spills, records per reducer and skew, time per phase', () => {
    const rows = figures(engineEvidence(recordedSubmission('mapreduce')), 'mapreduce')
    for (const label of [
      'shuffleBytes',
      'spilledRuns',
      'reducerRecords0',
      'reducerSkew',
      'mapPhase',
      'reducePhase',
    ]) {
      expect(rows[label]?.yours, label).toBeTypeOf('number')
      expect(rows[label]?.reference, label).toBeTypeOf('number')
    }
  })

  it('dataset (stop-word-count, groupByKey against reduceByKey): stages, shuffle bytes, broadcasts, skew', () => {
    const evidence = engineEvidence(recordedSubmission('dataset'))
    // On the pool's workers, but shown as the dataset engine only.
    expect(evidence.map((entry) => entry.engine)).toEqual(['dataset'])
    const rows = figures(evidence, 'dataset')
    for (const label of [
      'datasetJobs',
      'stages',
      'tasks',
      'inputRecords',
      'shuffleWriteBytes',
      'broadcastBytes',
      'maxPartitionRecords',
      'partitionSkew',
    ]) {
      expect(rows[label]?.yours, label).toBeGreaterThan(0)
      expect(rows[label]?.reference, label).toBeGreaterThan(0)
    }
    // The reference's sortBy adds a sample stage and a second shuffle; groupByKey still moves more bytes.
    expect(rows.stages?.reference).toBeGreaterThan(rows.stages?.yours ?? Infinity)
    expect(rows.shuffleWriteBytes?.yours).toBeGreaterThan(rows.shuffleWriteBytes?.reference ?? Infinity)
    expect(rows.partitionSkew?.yours).toBeGreaterThanOrEqual(1)
    expect(rows.partitionSkew?.reference).toBeGreaterThanOrEqual(1)
  })

  it('tensor (batch-training): ops, bytes moved and the clock it is ranked by', () => {
    const submission = recordedSubmission('tensor')
    const rows = figures(engineEvidence(submission), 'tensor')
    expect(rows.opsDispatched?.yours).toBeGreaterThan(0)
    expect(rows.bytesMoved?.reference).toBeGreaterThan(0)
    // The row shows the very figure the trial ranked by: the case's median on opsAndCodeNs.
    const largest = submission.perf?.cases.at(-1)
    expect(submission.perf?.clock).toBe('counter:opsAndCodeNs')
    expect(rows.opsAndCode?.yours).toBe(largest?.submission.medianNs)
    expect(rows.opsAndCode?.reference).toBe(largest?.reference.medianNs)
  })

  it('gpu (reduce-sum): kernel time, GFLOP/s, GB/s and the code share of the clock', () => {
    const rows = figures(engineEvidence(recordedSubmission('gpu')), 'gpu')
    for (const label of ['kernelTime', 'gflops', 'gbps', 'codeShare']) {
      expect(rows[label]?.yours, label).toBeGreaterThan(0)
      expect(rows[label]?.reference, label).toBeGreaterThan(0)
    }
    expect(rows.codeShare?.yours).toBeLessThanOrEqual(1)
  })

  it('a plain cpu challenge has no engine evidence', () => {
    expect(engineEvidence(recordedSubmission('cpu'))).toEqual([])
  })
})

describe('numbers that agree', () => {
  it.each(['cpu', 'cpu-baseline', 'disk', 'pool', 'mapreduce', 'tensor'] as const)(
    '%s: the headline is the geometric mean of the counted (capped) case figures',
    (name) => {
      const perf = recordedSubmission(name).perf
      if (!perf?.score) throw new Error(`${name} has no scored trial`)
      expect(headlineOf(perf)).toBeCloseTo(perf.score, 10)
    },
  )

  it('a ratio beyond the cap is counted at the cap and shown as capped', () => {
    const perf = recordedSubmission('cpu-baseline').perf
    const perfCase = perf?.cases[0]
    if (!perf || !perfCase) throw new Error('no case')
    const slow = { ...perfCase, ratio: 0.0038 }
    expect(countedRatio(slow, perf.cap)).toBe(1 / perf.cap)
    expect(isCapped(slow, perf.cap)).toBe(true)
    expect(isCapped({ ...perfCase, ratio: 0.5 }, perf.cap)).toBe(false)
  })

  it('bars more than 10x apart are drawn on a log scale', () => {
    expect(needsLogScale([2_240, 2_200])).toBe(false)
    expect(needsLogScale([8.74, 1_000])).toBe(true)
  })
})
