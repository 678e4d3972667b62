import pc from 'picocolors'
import { expect, it } from 'vitest'
import type { PackTestReport, PackTestRow } from '../packTest/testPack.ts'
import { formatPackTestReport } from './formatPackTestReport.ts'

const colors = pc.createColors(false)
const reference = (challenge: string, parallel: PackTestRow['parallel']): PackTestRow => ({
  challenge,
  solution: 'reference',
  file: `challenges/core/${challenge}/reference.ts`,
  mode: 'full',
  expect: 'Accepted',
  status: 'Accepted',
  ok: true,
  ratio: 1,
  rounds: 5,
  spread: 0.01,
  parallel,
})

it("reports a parallel reference's speedup over one worker and its efficiency, and flags a low one", () => {
  const report: PackTestReport = {
    pack: 'core',
    hash: 'x',
    ok: true,
    typeProblems: [],
    warnings: [],
    rows: [
      reference('fast', { workers: 2, ns: 50e6, oneWorkerNs: 90e6, speedup: 1.8, efficiency: 0.9 }),
      reference('slow', { workers: 2, ns: 80e6, oneWorkerNs: 88e6, speedup: 1.1, efficiency: 0.55 }),
      reference('broken', { error: 'the reference on one worker: TimeLimit' }),
      reference('serial', undefined),
    ],
  }
  const text = formatPackTestReport(report, colors)
  expect(text).toContain('fast: 90.0 ms on 1 worker, 50.0 ms on 2: speedup 1.80×, efficiency 0.90')
  expect(text).toMatch(/slow: .*speedup 1.10×, efficiency 0.55 \(below 1.6×/)
  expect(text).toContain('broken: not measured: the reference on one worker: TimeLimit')
  expect(text).not.toContain('serial:')
})

it("reports a mapreduce challenge's shuffle bytes, baseline against reference, and the reducers' skew", () => {
  const baseline: PackTestRow = {
    ...reference('word-count', undefined),
    solution: 'baseline',
    file: 'challenges/core/word-count/baseline.ts',
    shuffle: {
      lesson: 'shuffle',
      engine: 'mapreduce',
      baselineShuffleBytes: 9_000_000,
      referenceShuffleBytes: 900_000,
      share: 0.1,
      baselineSkew: 1.3,
      referenceSkew: 1.01,
    },
  }
  delete baseline.parallel
  const report: PackTestReport = {
    pack: 'core',
    hash: 'x',
    ok: true,
    typeProblems: [],
    warnings: [],
    rows: [baseline],
  }
  const text = formatPackTestReport(report, colors)
  expect(text).toContain('Shuffle (mapreduce, dataset), baseline against reference')
  expect(text).toMatch(
    /word-count: shuffle .* → .* \(reference 0\.10 of the baseline\); max reducer load 1\.30× → 1\.01× the mean/,
  )
})

it("reports a dataset challenge's shuffle written per stage, judged against its perf.maxShuffleShare", () => {
  const row = (challenge: string, share: number, problem?: string): PackTestRow => {
    const baseline: PackTestRow = {
      ...reference(challenge, undefined),
      solution: 'baseline',
      file: `challenges/core/${challenge}/baseline.ts`,
      shuffle: {
        lesson: 'shuffle',
        engine: 'dataset',
        baselineShuffleBytes: 6_000_000,
        referenceShuffleBytes: 6_000_000 * share,
        share,
        maxShare: 0.2,
        baselineSkew: 1,
        referenceSkew: 1,
        ...(problem ? { problem } : {}),
      },
    }
    delete baseline.parallel
    return baseline
  }
  const report: PackTestReport = {
    pack: 'core',
    hash: 'x',
    ok: false,
    typeProblems: [],
    warnings: [],
    rows: [row('reduce-by-key', 0.13), row('grouped', 0.6, 'too much shuffled'), row('broadcast', 0.0038)],
  }
  const text = formatPackTestReport(report, colors)
  expect(text).toMatch(
    /reduce-by-key: shuffle written .* → .* \(reference 0\.13 of the baseline\); max partition load 1\.00× → 1\.00× the mean \(within perf\.maxShuffleShare 0\.2\)/,
  )
  expect(text).toMatch(
    /grouped: shuffle written .*\(reference 0\.60 of the baseline\).*\(more than perf\.maxShuffleShare 0\.2\)/,
  )
  // A share under 0.01 keeps two significant digits rather than reading "0.00".
  expect(text).toMatch(/broadcast: shuffle written .* \(reference 0\.0038 of the baseline\)/)
})

it('reports a skew lesson: max reducer load over the mean and the slowest reducer, flagged past 1.5x', () => {
  const row = (challenge: string, referenceSkew: number, problem?: string): PackTestRow => {
    const baseline: PackTestRow = {
      ...reference(challenge, undefined),
      solution: 'baseline',
      file: `challenges/core/${challenge}/baseline.ts`,
      shuffle: {
        lesson: 'skew',
        engine: 'mapreduce',
        baselineShuffleBytes: 4_000_000,
        referenceShuffleBytes: 4_400_000,
        share: 1.1,
        baselineSkew: 4.5,
        referenceSkew,
        baselineSlowestReduceNs: 120e6,
        referenceSlowestReduceNs: 30e6,
        ...(problem ? { problem } : {}),
      },
    }
    delete baseline.parallel
    return baseline
  }
  const report: PackTestReport = {
    pack: 'core',
    hash: 'x',
    ok: false,
    typeProblems: [],
    warnings: [],
    rows: [row('salted', 1.04), row('unsalted', 2.5, 'too skewed')],
  }
  const text = formatPackTestReport(report, colors)
  expect(text).toMatch(
    /salted: max reducer load 4\.50× → 1\.04× the mean; slowest reducer 120\.0 ms → 30\.0 ms; shuffle .*\(reference within 1\.5× the mean\)/,
  )
  expect(text).toMatch(
    /unsalted: max reducer load 4\.50× → 2\.50× the mean.*\(reference above 1\.5× the mean\)/,
  )
  // A salted shuffle is not smaller than the baseline's, and that is not the skew lesson's concern.
  expect(text).not.toContain('more than 0.5 of the baseline')
})

it("reports a dataset skew lesson against perf.maxPartitionSkew: the tasks' load and the slowest tasks", () => {
  const row = (
    challenge: string,
    baselineSkew: number,
    referenceSkew: number,
    problem?: string,
  ): PackTestRow => {
    const baseline: PackTestRow = {
      ...reference(challenge, undefined),
      solution: 'baseline',
      file: `challenges/core/${challenge}/baseline.ts`,
      shuffle: {
        lesson: 'skew',
        engine: 'dataset',
        baselineShuffleBytes: 4_000_000,
        referenceShuffleBytes: 5_000_000,
        share: 1.25,
        maxSkew: 1.5,
        baselineSkew,
        referenceSkew,
        baselineSlowestReduceNs: 180e6,
        referenceSlowestReduceNs: 70e6,
        ...(problem ? { problem } : {}),
      },
    }
    delete baseline.parallel
    return baseline
  }
  const report: PackTestReport = {
    pack: 'core',
    hash: 'x',
    ok: false,
    typeProblems: [],
    warnings: [],
    rows: [
      row('salted', 5.2, 1.08),
      row('unsalted', 5.2, 2.5, 'too skewed'),
      row('flat', 1.2, 1.1, 'no skew'),
    ],
  }
  const text = formatPackTestReport(report, colors)
  expect(text).toMatch(
    /salted: max partition load 5\.20× → 1\.08× the mean; slowest tasks \(per stage, summed\) 180\.0 ms → 70\.0 ms; shuffle written .*\(reference within perf\.maxPartitionSkew 1\.5× the mean\)/,
  )
  expect(text).toMatch(/unsalted: .*\(reference above perf\.maxPartitionSkew 1\.5× the mean\)/)
  expect(text).toMatch(
    /flat: max partition load 1\.20× → 1\.10× .*\(baseline within perf\.maxPartitionSkew 1\.5×: no skew to even out\)/,
  )
})

it('prints the limits suggested from measured times beside the set ones, and their warnings', () => {
  const report: PackTestReport = {
    pack: 'core',
    hash: 'x',
    ok: true,
    typeProblems: [],
    rows: [reference('sum', undefined)],
    warnings: [
      {
        challenge: 'sum',
        file: 'challenges/core/sum/challenge.yaml',
        message: 'limits.cpuMs is 50 ms, below the suggested 500 ms: …',
      },
    ],
    limits: [
      {
        challenge: 'sum',
        file: 'challenges/core/sum/challenge.yaml',
        suggested: {
          cpuMs: 500,
          wallMs: 1000,
          memoryMb: 50,
          slowest: { solution: 'baseline', ms: 95 },
          peak: { solution: 'baseline', mb: 20 },
        },
        set: { cpuMs: 50, wallMs: 100, memoryMb: 64 },
      },
    ],
  }
  const text = formatPackTestReport(report, colors)
  expect(text).toContain(
    'Limits from measured times (3× the slowest Accepted timed call, 1.5× the highest peak)',
  )
  expect(text).toContain(
    '  sum: slowest baseline 95.0 ms, peak 20.0 MB → suggested cpuMs 500, wallMs 1000, memoryMb 50 (set: 50, 100, 64)',
  )
  expect(text).toContain(
    '  challenges/core/sum/challenge.yaml: limits.cpuMs is 50 ms, below the suggested 500 ms',
  )
})
