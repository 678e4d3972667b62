// treeReduce: the partials of many partitions folded in a tree of tasks on the workers, each level a
// stage of the DAG, the root's fold in the main function (Spark's treeReduce, Dask's split_every).
import { fileURLToPath } from 'node:url'
import { ProcessPool } from '@arena/sandbox'
import { afterAll, expect, it } from 'vitest'
import { treeReduceLevels } from './planStages.ts'
import type { DatasetPayload, DatasetReport } from './testing/datasetTask.ts'

const TASK = fileURLToPath(new URL('./testing/datasetTask.ts', import.meta.url))
const sandbox = new ProcessPool({ size: 1 })
afterAll(() => sandbox.close())

async function run(payload: DatasetPayload): Promise<DatasetReport> {
  const outcome = await sandbox.run<DatasetReport>({
    module: TASK,
    fn: 'runDataset',
    payload,
    deadlineMs: 60_000,
  })
  if (outcome.kind !== 'done') throw new Error(`task ended ${outcome.kind}: ${JSON.stringify(outcome)}`)
  return outcome.value
}

it('cuts the levels as Spark treeAggregate does: a fan-in of n^(1/depth), levels while they pay', () => {
  expect(treeReduceLevels(64, 2)).toEqual({ fanIn: 8, tasks: [8] })
  expect(treeReduceLevels(64, 3)).toEqual({ fanIn: 4, tasks: [16, 4] })
  expect(treeReduceLevels(100, 2)).toEqual({ fanIn: 10, tasks: [10] })
  // Few partitions: the main function folds them at once, as reduce does.
  expect(treeReduceLevels(4, 2)).toEqual({ fanIn: 2, tasks: [] })
  expect(treeReduceLevels(1, 2).tasks).toEqual([])
})

it('folds in a tree of stages whose answer is reduce’s, in partition order, and shows each level in the DAG', async () => {
  const report = await run({
    code: `exports.solve = async (n) => {
  const nums = dataset.fromArray(Array.from({ length: n }, (_, i) => i), 64)
  const pieces = nums.map((x) => [x])
  return {
    sum: await nums.treeReduce((a, b) => a + b),
    deep: await nums.treeReduce((a, b, env) => a + b * env.k, { depth: 3, env: { k: 1 } }),
    // Concatenation is associative but not commutative: the tree keeps partition order.
    order: await pieces.treeReduce((a, b) => a.concat(b)),
    plain: await nums.reduce((a, b) => a + b),
    few: await dataset.fromArray([1, 2, 3], 3).treeReduce((a, b) => a * b),
  }
}`,
    inputs: [1000],
  })
  expect(report.run.outcome, JSON.stringify(report.run.outcome)).toEqual({ status: 'ok' })
  const out = report.run.outputs[0] as Record<string, unknown>
  expect(out.sum).toBe(499_500)
  expect(out.deep).toBe(499_500)
  expect(out.order).toEqual(Array.from({ length: 1000 }, (_, i) => i))
  expect(out.plain).toBe(499_500)
  expect(out.few).toBe(6)
  const [two, three] = report.jobs
  // 64 partials, fan-in 8: one level of 8 tasks after the 64 partition tasks, each its parent's child.
  expect(two?.stages.map((s) => [s.counters.tasks, s.transformations.at(-1)])).toEqual([
    [64, 'treeReduce (a partial per task)'],
    [8, 'treeReduce level 1 (8 partials a task)'],
  ])
  expect(two?.stages[1]?.parents).toEqual([two?.stages[0]?.id])
  expect(two?.stages[1]?.counters.shuffleReadRecords).toBe(64)
  expect(three?.stages.map((s) => s.counters.tasks)).toEqual([64, 16, 4])
})

it('refuses a bad depth, a closure, and an empty dataset, naming treeReduce', async () => {
  const report = await run({
    code: `exports.solve = async () => {
  const nums = dataset.fromArray([1, 2, 3, 4], 2)
  const errors = []
  for (const f of [
    () => nums.treeReduce((a, b) => a + b, { depth: 1 }),
    () => nums.treeReduce((a, b) => a + b, { dept: 3 }),
    () => { const k = 2; return nums.treeReduce((a, b) => a + b * k) },
    () => nums.filter(() => false).treeReduce((a, b) => a + b),
  ]) {
    try { await f() } catch (e) { errors.push(String(e.message)) }
  }
  return errors
}`,
    inputs: [0],
  })
  expect(report.run.outcome, JSON.stringify(report.run.outcome)).toEqual({ status: 'ok' })
  const [depth, option, closure, empty] = report.run.outputs[0] as string[]
  expect(depth).toMatch(/treeReduce: depth must be a whole number from 2 to 8/)
  expect(option).toMatch(/treeReduce: unknown option dept/)
  expect(closure).toMatch(/\.treeReduce at line \d+ uses `k`/)
  expect(empty).toMatch(/treeReduce: the dataset is empty/)
})

it('a throw in a combine level names that level’s stage and the learner’s line', async () => {
  const report = await run({
    code: `exports.solve = async () => {
  const nums = dataset.fromArray(Array.from({ length: 640 }, () => 1), 64)
  return nums.treeReduce((a, b) => {
    if (b > 5) throw new Error('no big partials')
    return a + b
  })
}`,
    inputs: [0],
  })
  expect(report.run.outcome.status).toBe('RuntimeError')
  // Partials of 10 pass the partition tasks (each adds ones) and fail in level 1, in whichever of its
  // tasks a worker ran first.
  expect(JSON.stringify(report.run.outcome)).toMatch(
    /no big partials \(line \d+, column \d+\), while running task \d+ of stage \d+ \(treeReduce level 1 \(8 partials a task\)\)/,
  )
})
