// core/tree-reduce's report shows a task graph (issue 20, challenge 6): the reference's timed call is
// one job whose chunk stage feeds a smaller stage of treeReduce combine tasks, and the baseline's runs
// its fold in a single task. Graded by the real grader in full mode, on one smaller perf case.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { createGrader } from '@arena/grader'
import { loadPack, toGradable } from '@arena/packs'
import { afterAll, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../challenges/core')
const pack = await loadPack(root)
const challenge = pack.challenges.find((c) => c.id === 'tree-reduce')
if (!challenge) throw new Error('challenges/core has no tree-reduce')
const grader = createGrader()
afterAll(() => grader.close())

it('the reference’s job is a tree: chunk tasks, then fewer combine tasks reading them', {
  timeout: 300_000,
}, async () => {
  const gradable = toGradable(pack, challenge)
  const source = readFileSync(path.join(root, 'tree-reduce', 'baseline.ts'), 'utf8')
  const result = await grader.grade({
    challenge: {
      ...gradable,
      perf: {
        ...gradable.perf,
        cases: [{ name: 'readings-300k', size: 300_000 }],
        minRounds: 3,
        maxRounds: 3,
      },
    },
    source,
    mode: 'full',
    secretSeed: 1,
  })
  expect(result.status, JSON.stringify(result.tests.find((t) => t.status !== 'Accepted'))).toBe('Accepted')
  const perf = result.perf?.cases[0]
  // 300,000 readings are 2.4 MB: 10 chunks of two 128 KB row groups, so a fan-in of 4 and 3 combine tasks.
  const [job] = perf?.reference.jobGraphs?.jobs ?? []
  const [chunks, combine] = job?.stages ?? []
  expect(job?.stages).toHaveLength(2)
  expect(chunks?.transformations).toEqual([
    'read readings.col (columnar)',
    'mapPartitions',
    'treeReduce (a partial per task)',
  ])
  expect(chunks?.counters.tasks).toBe(10)
  expect(combine?.transformations).toEqual(['treeReduce level 1 (4 partials a task)'])
  expect(combine?.parents).toEqual([chunks?.id])
  expect(combine?.counters.tasks).toBe(3)
  expect(combine?.counters.shuffleReadRecords).toBe(10)
  // The baseline's fold runs in one task, after a shuffle into one partition.
  const baseline = perf?.submission.jobGraphs?.jobs[0]?.stages ?? []
  expect(baseline.map((stage) => stage.counters.tasks)).toEqual([10, 1])
  expect(baseline.at(-1)?.transformations).toEqual(['repartition (reduce side)', 'reduce'])
})
