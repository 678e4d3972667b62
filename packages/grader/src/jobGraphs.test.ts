// The dataset engine's job DAGs through the real grader (issue 20): from the engine's jobGraphs() hook
// in each run's child, to each perf case's sides in the result, capped there whatever the learner's
// code does. The challenge is the report fixture stop-word-count (tests/fixtures/report-packs).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, it } from 'vitest'
import { JOB_GRAPH_BOUNDS } from './boundJobGraphs.ts'
import { createGrader } from './createGrader.ts'
import type { GradableChallenge } from './types.ts'

const folder = fileURLToPath(
  new URL('../../../tests/fixtures/report-packs/dataset-fixture/stop-word-count/', import.meta.url),
)
const source = (name: string) => readFileSync(`${folder}${name}`, 'utf8')

const challenge: GradableChallenge = {
  id: 'dataset-fixture/stop-word-count',
  packHash: 'test',
  entry: 'solve',
  clock: 'wall',
  engines: ['dataset'],
  limits: { cpuMs: 30_000, wallMs: 30_000, memoryMb: 64, outputKb: 4, resultMb: 1, workers: 2, diskMb: 64 },
  perf: {
    cases: [{ name: 'lines-2k', size: 2000 }],
    warmupSize: 200,
    minRounds: 2,
    maxRounds: 2,
    targetSpread: 0.5,
    budgetMs: 20_000,
  },
  testsFile: `${folder}tests.ts`,
  referenceSource: source('reference.ts'),
}

const grader = createGrader()
afterAll(() => grader.close())

it('carries each side’s timed call as a DAG of stages with their counters', async () => {
  const result = await grader.grade({
    challenge,
    source: source('baseline.ts'),
    mode: 'full',
    secretSeed: 3,
    profile: false,
  })
  expect(result.status, result.message).toBe('Accepted')
  const perfCase = result.perf?.cases[0]
  const yours = perfCase?.submission.jobGraphs
  const reference = perfCase?.reference.jobGraphs
  // groupByKey: read → shuffle → result. The reference's sortBy adds its sample stage and a sort shuffle.
  expect(yours?.jobs.map((job) => job.stages.map((stage) => stage.kind))).toEqual([['shuffleMap', 'result']])
  expect(reference?.jobs[0]?.stages.map((stage) => stage.kind).sort()).toEqual(
    ['result', 'sample', 'shuffleMap', 'shuffleMap', 'shuffleMap'].sort(),
  )
  expect(yours?.dropped).toBeUndefined()
  // The timed call's stages, not the warm-up's: 2,000 lines read in four partitions.
  const read = yours?.jobs[0]?.stages[0]
  expect(read?.counters.inputRecords).toBe(2000)
  expect(read?.counters.tasks).toBe(4)
  expect(read?.counters.broadcastBytes).toBeGreaterThan(0)
  expect(read?.transformations[0]).toBe('read corpus.txt (lines)')
  // Samples and hidden tests carry none: only the trial's sides do.
  expect(JSON.stringify(result.tests)).not.toContain('jobGraphs')
}, 240_000)

it('keeps at most JOB_GRAPH_BOUNDS of a learner’s hundreds of actions, counting the rest', async () => {
  const actions = 230
  const hostile = source('baseline.ts').replace(
    'const stop = dataset.broadcast(input.stop)',
    `for (let i = 0; i < ${actions}; i++) await dataset.fromArray([i], 1).count()
  const stop = dataset.broadcast(input.stop)`,
  )
  expect(hostile).not.toBe(source('baseline.ts'))
  const result = await grader.grade({
    challenge,
    source: hostile,
    mode: 'full',
    secretSeed: 3,
    profile: false,
  })
  expect(result.status, result.message).toBe('Accepted')
  const graphs = result.perf?.cases[0]?.submission.jobGraphs
  expect(graphs?.jobs).toHaveLength(JOB_GRAPH_BOUNDS.jobs)
  // Every job of the call is kept or counted: the engine's own cap (200) and the result's.
  expect((graphs?.jobs.length ?? 0) + (graphs?.dropped?.jobs ?? 0)).toBe(actions + 1)
  expect(graphs?.jobs[0]?.action).toBe('count')
}, 240_000)
