import { fileURLToPath } from 'node:url'
import { ProcessPool } from '@arena/sandbox'
import { afterAll, describe, expect, it } from 'vitest'
import type { DatasetJobReport } from './stageCounters.ts'
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

function ok(report: DatasetReport): Record<string, unknown> {
  expect(report.run.outcome, JSON.stringify(report.run.outcome)).toEqual({ status: 'ok' })
  return report.run.outputs[0] as Record<string, unknown>
}

const byJson = (a: unknown, b: unknown) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)

describe('dataset engine: transformations and actions', () => {
  it('narrow transformations and the actions give what Spark gives', async () => {
    const report = await run({
      code: `exports.solve = async (n) => {
  const nums = dataset.fromArray(Array.from({ length: n }, (_, i) => i), 4)
  const squares = nums.map((x) => x * x)
  return {
    evens: await nums.filter((x) => x % 2 === 0).collect(),
    squares: await squares.collect(),
    pairs: await nums.flatMap((x) => (x < 3 ? [x, -x] : [])).collect(),
    keyed: await nums.keyBy((x) => 'k' + (x % 3)).take(4),
    sizes: await nums.mapPartitions((records) => [records.length]).collect(),
    count: await squares.count(),
    sum: await nums.reduce((a, b) => a + b),
    first: await nums.take(3),
    one: await nums.take(1),
    none: await nums.take(0),
    empty: await nums.filter(() => false).count(),
    together: await Promise.all([nums.mapPartitions((r) => [r.length]).collect(), nums.reduce((a, b) => a * 0 + b), nums.take(12)]),
  }
}`,
      inputs: [10],
    })
    const out = ok(report)
    // A take runs its first partition alone: take(1) finds its record there and starts no other task;
    // take(0) starts none.
    const tasksRun = (job: number) => {
      const stage = report.jobs[job]?.stages[0]
      expect(report.jobs[job]?.action).toBe('take')
      return report.timeline.filter((entry) => entry.label.startsWith(`stage ${stage?.id} `)).length
    }
    expect([tasksRun(8), tasksRun(9)]).toEqual([1, 0])
    expect(out).toEqual({
      evens: [0, 2, 4, 6, 8],
      squares: [0, 1, 4, 9, 16, 25, 36, 49, 64, 81],
      // Records travel as JSON, which has no -0 (as mapreduce's keys and values).
      pairs: [0, 0, 1, -1, 2, -2],
      keyed: [
        ['k0', 0],
        ['k1', 1],
        ['k2', 2],
        ['k0', 3],
      ],
      sizes: [2, 3, 2, 3],
      count: 10,
      sum: 45,
      first: [0, 1, 2],
      one: [0],
      none: [],
      empty: 0,
      // Actions awaited together run one after another, each with its own tasks' state.
      together: [[2, 3, 2, 3], 9, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
    })
  })

  it('wide transformations: reduceByKey, aggregateByKey, groupByKey, join, distinct, repartition, partitionBy', async () => {
    const report = await run({
      code: `exports.solve = async (words) => {
  const pairs = dataset.fromArray(words, 3).map((w) => [w, w.length])
  const prices = dataset.fromArray([['a', 1], ['b', 2], ['b', 3], ['z', 9]], 2)
  const spread = dataset.fromArray(Array.from({ length: 40 }, (_, i) => i), 1).repartition(4)
  return {
    sums: await pairs.reduceByKey((a, b) => a + b, 2).collect(),
    means: await pairs.aggregateByKey([0, 0], (acc, v) => [acc[0] + v, acc[1] + 1], (a, b) => [a[0] + b[0], a[1] + b[1]], { partitions: 3 }).collect(),
    groups: await pairs.groupByKey().mapPartitions((groups) => groups.map(([k, vs]) => [k, vs.length])).collect(),
    joined: await pairs.join(prices, 2).collect(),
    distinct: await dataset.fromArray(words, 3).distinct(2).collect(),
    spread: await spread.mapPartitions((records) => [records.length]).collect(),
    byParity: await dataset.fromArray([[1, 'a'], [2, 'b'], [3, 'c'], [4, 'd']], 2).partitionBy(2, (key, n) => key % n).mapPartitions((records) => [records.map((r) => r[0])]).collect(),
  }
}`,
      inputs: [['a', 'bb', 'a', 'ccc', 'bb', 'a', 'dddd']],
    })
    const out = ok(report)
    const sorted = (value: unknown) => [...(value as unknown[])].sort(byJson)
    expect(sorted(out.sums)).toEqual([
      ['a', 3],
      ['bb', 4],
      ['ccc', 3],
      ['dddd', 4],
    ])
    expect(sorted(out.means)).toEqual([
      ['a', [3, 3]],
      ['bb', [4, 2]],
      ['ccc', [3, 1]],
      ['dddd', [4, 1]],
    ])
    expect(sorted(out.groups)).toEqual([
      ['a', 3],
      ['bb', 2],
      ['ccc', 1],
      ['dddd', 1],
    ])
    // Inner join: 'a' appears three times on the left and once on the right; 'b' and 'z' match nothing.
    expect(sorted(out.joined)).toEqual([
      ['a', [1, 1]],
      ['a', [1, 1]],
      ['a', [1, 1]],
    ])
    expect(sorted(out.distinct)).toEqual(['a', 'bb', 'ccc', 'dddd'])
    expect(out.spread).toEqual([10, 10, 10, 10])
    expect(out.byParity).toEqual([
      [2, 4],
      [1, 3],
    ])
  })

  it('sortBy gives a total order across partitions, ascending and descending, numbers and strings', async () => {
    const values = Array.from({ length: 300 }, (_, i) => ((i * 7919) % 301) - 150 + (i % 3) / 4)
    const words = ['pear', 'apple', 'fig', 'applesauce', 'Zebra', 'ünï', '', 'app']
    const out = ok(
      await run({
        code: `exports.solve = async ({ values, words }) => {
  const nums = dataset.fromArray(values, 5)
  return {
    up: await nums.sortBy((x) => x, { partitions: 4 }).collect(),
    down: await nums.sortBy((x) => x, { ascending: false, partitions: 3 }).collect(),
    words: await dataset.fromArray(words, 3).sortBy((w) => w, { partitions: 2 }).collect(),
    wordsDown: await dataset.fromArray(words, 3).sortBy((w) => w, { ascending: false }).collect(),
    sizes: await nums.sortBy((x) => x, { partitions: 4 }).mapPartitions((r) => [r.length]).collect(),
    top: await dataset.fromArray(words.concat(words, ['fig']), 2).map((w) => [w, 1]).reduceByKey((a, b) => a + b).sortBy(([w, n]) => -n, { partitions: 2 }).take(1),
    job: dataset.lastJob().stages.map((s) => s.transformations.join(', ')),
  }
}`,
        inputs: [{ values, words }],
      }),
    )
    expect(out.up).toEqual([...values].sort((a, b) => a - b))
    expect(out.down).toEqual([...values].sort((a, b) => b - a))
    expect(out.words).toEqual([...words].sort())
    expect(out.wordsDown).toEqual([...words].sort().reverse())
    // Range bounds from the sample keep the partitions near even.
    for (const size of out.sizes as number[]) expect(size).toBeGreaterThan(30)
    // After a shuffle: the sampling stage and the sort's map side each read a shuffle of their own.
    expect(out.top).toEqual([['fig', 3]])
    expect(out.job).toEqual([
      'fromArray, map, reduceByKey (map side)',
      'reduceByKey (reduce side), sortBy (sample keys)',
      'fromArray, map, reduceByKey (map side)',
      'reduceByKey (reduce side), sortBy (map side)',
      'sortBy (reduce side), take',
    ])
  })

  it('reads lines, csv (with and without a header) and json files in blocks: every line once', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i} ${'x'.repeat(i % 17)}`)
    const csv = `name,score,note\n${Array.from({ length: 2000 }, (_, i) => `p${i},${i % 10},"a, ""quoted"" note"`).join('\n')}\n`
    const json = `${Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: i, tags: ['t', i % 4] })).join('\n')}\n`
    const report = await run({
      code: `exports.solve = async () => {
  const text = dataset.read('text.txt', { partitions: 8 })
  const rows = dataset.read('scores.csv', { format: 'csv', header: true })
  const raw = dataset.read('scores.csv', { format: 'csv' })
  const docs = dataset.read('docs.jsonl', { format: 'json' })
  return {
    lines: await text.count(),
    lengths: await text.map((l) => l.length).reduce((a, b) => a + b),
    firstRow: (await rows.take(1))[0],
    total: await rows.map((r) => Number(r.score)).reduce((a, b) => a + b),
    rawCount: await raw.count(),
    header: (await raw.take(1))[0],
    tags: await docs.map((d) => [d.tags[1], 1]).reduceByKey((a, b) => a + b).collect(),
  }
}`,
      inputs: [0],
      files: { 'text.txt': `${lines.join('\n')}\n`, 'scores.csv': csv, 'docs.jsonl': json },
    })
    const out = ok(report)
    expect(out.lines).toBe(5000)
    expect(out.lengths).toBe(lines.reduce((s, l) => s + l.length, 0))
    expect(out.firstRow).toEqual({ name: 'p0', score: '0', note: 'a, "quoted" note' })
    expect(out.total).toBe(9000)
    expect(out.rawCount).toBe(2001)
    expect(out.header).toEqual(['name', 'score', 'note'])
    expect([...(out.tags as unknown[])].sort(byJson)).toEqual([
      [0, 750],
      [1, 750],
      [2, 750],
      [3, 750],
    ])
    // `partitions: 8` cut the text file into about 8 blocks, each a task of the first job's only stage.
    const first = report.jobs[0] as DatasetJobReport
    expect(first.stages[0]?.counters.tasks).toBeGreaterThanOrEqual(8)
    expect(first.stages[0]?.counters.inputRecords).toBe(5000)
    expect(report.scratchLeft).toEqual([])
  })
})

describe('dataset engine: planning', () => {
  it('nothing runs until an action: transformations of a missing file or a throwing function are fine', async () => {
    const report = await run({
      code: `exports.solve = async () => {
  const never = dataset.read('missing.txt').map(() => { throw new Error('boom') }).reduceByKey((a, b) => a + b)
  never.filter(Boolean).cache()
  return dataset.lastJob() === undefined
}`,
      inputs: [0],
    })
    expect(ok(report)).toBe(true)
    expect(report.jobs).toEqual([])
    expect(report.counters.datasetJobs).toBe(0)
    expect(report.counters.tasks).toBe(0)
  })

  it('cuts stages at shuffles, pipelines narrow transformations, and links stages by their parents', async () => {
    const report = await run({
      code: `exports.solve = async () => {
  const words = dataset.fromArray(['a b', 'b c', 'c a a'], 2).flatMap((l) => l.split(' ')).filter((w) => w !== 'c')
  const counts = words.map((w) => [w, 1]).reduceByKey((a, b) => a + b)
  const names = dataset.fromArray([['a', 'Alpha'], ['b', 'Beta']], 1)
  const joined = counts.map(([w, n]) => [w, n * 10]).join(names)
  return { rows: await joined.collect(), job: dataset.lastJob() }
}`,
      inputs: [0],
    })
    const out = ok(report)
    expect([...(out.rows as unknown[])].sort(byJson)).toEqual([
      ['a', [30, 'Alpha']],
      ['b', [20, 'Beta']],
    ])
    const job = out.job as DatasetJobReport
    expect(job).toEqual(report.jobs[0])
    const stages = job.stages.map((s) => ({
      id: s.id,
      kind: s.kind,
      parents: s.parents,
      does: s.transformations,
    }))
    expect(stages).toEqual([
      {
        id: 1,
        kind: 'shuffleMap',
        parents: [],
        does: ['fromArray', 'flatMap', 'filter', 'map', 'reduceByKey (map side)'],
      },
      {
        id: 2,
        kind: 'shuffleMap',
        parents: [1],
        does: ['reduceByKey (reduce side)', 'map', 'join (map side) (left side)'],
      },
      { id: 3, kind: 'shuffleMap', parents: [], does: ['fromArray', 'join (map side) (right side)'] },
      { id: 4, kind: 'result', parents: [2, 3], does: ['join (reduce side)', 'collect'] },
    ])
    expect(job.stages[0]?.counters).toMatchObject({ tasks: 2, inputRecords: 3, outputRecords: 5 })
    expect(job.stages[3]?.counters.outputRecords).toBe(2)
    // One timeline entry per task, each on a worker of the run.
    const labels = report.timeline.map((entry) => entry.label)
    expect(labels.filter((label) => label.startsWith('stage 1 '))).toHaveLength(2)
    expect(new Set(report.timeline.map((entry) => entry.worker))).toEqual(new Set([0, 1]))
    expect(report.counters).toMatchObject({
      datasetJobs: 1,
      stages: 4,
      stage1Tasks: 2,
      stage1InputRecords: 3,
    })
  })

  it('cache: the first action computes and stores the partitions, later ones read them (hits), unpersist drops them', async () => {
    const text = `${Array.from({ length: 4000 }, (_, i) => `${i},${i % 7}`).join('\n')}\n`
    const report = await run({
      code: `exports.solve = async () => {
  const points = dataset.read('points.csv', { format: 'csv', partitions: 4 }).map(([a, b]) => [Number(a), Number(b)]).cache()
  const sums = []
  for (let i = 0; i < 3; i++) sums.push(await points.filter((p, env) => p[1] === env.i, { i }).count())
  points.unpersist()
  sums.push(await points.count())
  return sums
}`,
      inputs: [0],
      files: { 'points.csv': text },
    })
    expect(ok(report)).toEqual([572, 572, 572, 4000])
    const stage = (job: number) => report.jobs[job]?.stages[0]?.counters
    const partitions = stage(0)?.tasks ?? 0
    expect(partitions).toBeGreaterThanOrEqual(4)
    // Job 1 read the file and stored every partition; jobs 2 and 3 read nothing of the file.
    expect(stage(0)).toMatchObject({
      cacheMissPartitions: partitions,
      cacheHitPartitions: 0,
      inputRecords: 4000,
    })
    expect(stage(0)?.cachedBytes).toBeGreaterThan(0)
    for (const job of [1, 2]) {
      expect(stage(job)).toMatchObject({ cacheHitPartitions: partitions, cacheMissPartitions: 0 })
      expect(report.jobs[job]?.stages[0]?.transformations[0]).toMatch(/^cached map/)
    }
    // After unpersist the lineage runs from the file again.
    expect(stage(3)).toMatchObject({ cacheHitPartitions: 0, cacheMissPartitions: 0, inputRecords: 4000 })
    expect(report.counters).toMatchObject({
      cacheHitPartitions: 2 * partitions,
      cacheMissPartitions: partitions,
    })
  })

  it("functions may use the module's exports (every worker loaded the module); its other names are refused", async () => {
    const report = await run({
      code: `const STOP = ['the']
const SCALE = 10
function tokenize(line) { return line.split(' ').filter((w) => !STOP.includes(w)) }
function hidden(w) { return w }
exports.tokenize = tokenize
exports.SCALE = SCALE
exports.solve = async () => {
  const words = dataset.fromArray(['the cat', 'a dog the cat'], 2).flatMap((line) => tokenize(line))
  const counts = await words.map((w) => [w, SCALE]).reduceByKey((a, b) => a + b).collect()
  let refused
  try { await words.map((w) => hidden(w)).count() } catch (error) { refused = error.message }
  return { counts: counts.sort(), refused }
}`,
      inputs: [0],
    })
    const out = ok(report) as { counts: unknown; refused: string }
    expect(out.counts).toEqual([
      ['a', 10],
      ['cat', 20],
      ['dog', 10],
    ])
    expect(out.refused).toContain('the function of .map at line 12 uses `hidden`') // the prelude is line 1
    expect(out.refused).toContain('export `hidden` from your module')
  })

  it("the cache lives for one call of the entry: the timed call never reads the warm-up call's partitions", async () => {
    const report = await run({
      code: `const doubled = dataset.fromArray([1, 2, 3], 2).map((x) => x * 2).cache()
exports.solve = async () => {
  const first = await doubled.count()
  const again = await doubled.count()
  return [first, again, dataset.lastJob().stages[0].counters.cacheHitPartitions]
}`,
      inputs: [0, 1],
    })
    expect(report.run.outcome).toEqual({ status: 'ok' })
    // Each call computes the cached dataset once (a miss) and reads it once (2 partitions hit).
    expect(report.run.outputs).toEqual([
      [3, 3, 2],
      [3, 3, 2],
    ])
    expect(report.jobs[0]?.stages[0]?.counters).toMatchObject({
      cacheMissPartitions: 2,
      cacheHitPartitions: 0,
    })
  })

  it('broadcast: a small table shipped once per worker (counted), a map-side join with no shuffle', async () => {
    const report = await run({
      code: `exports.solve = async (n) => {
  const names = dataset.broadcast({ 0: 'zero', 1: 'one', 2: 'two' })
  const facts = dataset.fromArray(Array.from({ length: n }, (_, i) => i % 3), 4)
  const named = facts.map((x, env) => env.names.value[x], { names })
  const first = await named.collect()
  const again = await named.filter((s) => s === 'two').count()
  return { first: first.slice(0, 4), again, driverSide: names.value[1] }
}`,
      inputs: [60],
    })
    expect(ok(report)).toEqual({ first: ['zero', 'one', 'two', 'zero'], again: 20, driverSide: 'one' })
    const [first, second] = report.jobs
    expect(first?.stages).toHaveLength(1)
    expect(first?.stages[0]?.counters.shuffleWriteBytes).toBe(0)
    const bytes = JSON.stringify({ 0: 'zero', 1: 'one', 2: 'two' }).length
    // Each worker that ran a task got the value once; the second action ships nothing.
    expect(first?.stages[0]?.counters.broadcastBytes).toBe(2 * bytes)
    expect(second?.stages[0]?.counters.broadcastBytes).toBe(0)
  })

  it("broadcast.destroy(): a loop broadcasting a new table each round stays within the budget and the workers' memory", async () => {
    // Each round's table is ~1.4 MB of JSON (the budget is 2 MB: a quarter of a worker's 8 MB), ~2.5 MB
    // decoded in each worker: without destroy() the second broadcast is refused, and workers that
    // kept every round's copy would pass their 8 MB by the fourth.
    const code = (destroy: boolean) => `exports.solve = async (rounds) => {
  const keys = dataset.fromArray(Array.from({ length: 64 }, (_, i) => i), 8)
  const sums = []
  for (let round = 0; round < rounds; round++) {
    const table = dataset.broadcast(Array.from({ length: 32000 }, (_, i) => 'r' + round + '-' + i + '-'.repeat(30)))
    sums.push(await keys.map((k, env) => env.table.value[k * 500].length, { table }).reduce((a, b) => a + b))
    ${destroy ? 'table.destroy()' : ''}
  }
  return sums
}`
    const limits = { memoryMb: 16, workers: 2 }
    const kept = await run({ code: code(true), inputs: [6], limits })
    const sums = ok(kept) as unknown as number[]
    expect(sums).toHaveLength(6)
    expect(sums[5]).toBeGreaterThan(64 * 35)
    // Every round shipped its own table to the workers that ran its tasks: the drops made room.
    for (const job of kept.jobs) expect(job.stages[0]?.counters.broadcastBytes).toBeGreaterThan(1_000_000)
    const refused = await run({ code: code(false), inputs: [6], limits })
    expect(refused.run.outcome).toMatchObject({ status: 'RuntimeError' })
    expect(JSON.stringify(refused.run.outcome)).toMatch(
      /dataset\.broadcast: 1\.\d MB would bring the run's broadcasts past 2\.0 MB/,
    )
  })

  it('an action that needs a destroyed broadcast is refused, naming the transformation; destroy() twice is harmless', async () => {
    const report = await run({
      code: `exports.solve = async (n) => {
  const names = dataset.broadcast(['zero', 'one', 'two'])
  const facts = dataset.fromArray(Array.from({ length: n }, (_, i) => i % 3), 4)
  const named = facts.map((x, env) => env.names.value[x], { names })
  const before = await named.count()
  names.destroy()
  names.destroy()
  let after
  try {
    after = await named.count()
  } catch (error) {
    after = String(error)
  }
  // A cached dataset computed before the destroy needs the broadcast no more.
  const kept = dataset.broadcast(['a', 'b', 'c'])
  const cached = facts.map((x, env) => env.kept.value[x], { kept }).cache()
  await cached.count()
  kept.destroy()
  return { before, after, fromCache: await cached.take(3) }
}`,
      inputs: [12],
    })
    const out = ok(report)
    expect(out.before).toBe(12)
    expect(out.after).toMatch(
      // the prelude is line 1
      /^Error: dataset: the \.map at line 5 uses a broadcast that was destroyed before this action ran; call destroy\(\) after the last action/,
    )
    expect(out.fromCache).toEqual(['a', 'b', 'c'])
    // A task cannot destroy it: the run's fault, at the learner's line (the prelude is line 1).
    const inTask = await run({
      code: `exports.solve = async () => {
  const names = dataset.broadcast([1])
  return dataset.fromArray([1, 2], 2).map((x, env) => env.names.destroy(), { names }).count()
}`,
      inputs: [0],
    })
    expect(inTask.run.outcome).toMatchObject({
      status: 'RuntimeError',
      message: expect.stringMatching(
        /^Error: dataset: a broadcast is destroyed by your main function, after the last action that needs it, not inside a task \(line 4\b/,
      ),
    })
  })

  it('float typed arrays cross shuffles as they are; one holding NaN or an infinity is refused, naming the element', async () => {
    const report = await run({
      code: `exports.solve = async (broken) => {
  const rows = dataset.fromArray([1, 2, 3, 4], 2).map((x) => ['k' + (x % 2), new Float32Array([x / 4, -x])])
  if (broken) return rows.map(([k, v]) => [k, new Float64Array([v[0], v[0] / 0])]).collect()
  const grouped = await rows.groupByKey(2).map(([k, vs]) => [k, vs.map((v) => v.constructor.name + ':' + Array.from(v).join(','))]).collect()
  let said
  try { rows.map((r, env) => r, { weights: new Float64Array([1, NaN]) }) } catch (error) { said = error.message }
  return { grouped: grouped.sort(), said }
}`,
      inputs: [false, true],
    })
    expect(report.run.outputs[0]).toEqual({
      grouped: [
        ['k0', ['Float32Array:0.5,-2', 'Float32Array:1,-4']],
        ['k1', ['Float32Array:0.25,-1', 'Float32Array:0.75,-3']],
      ],
      said: expect.stringMatching(
        /^dataset\.map: env\.weights\[1\] is NaN \(not a finite number\), which cannot be sent/,
      ),
    })
    // A task's record is the run's fault, as any record that is not a JSON value.
    expect(report.run.outcome).toMatchObject({
      status: 'RuntimeError',
      message: expect.stringMatching(
        /a record\[1\]\[1\] is Infinity \(not a finite number\), made by \.map at line 4/,
      ),
    })
  })

  it('reduceByKey shuffles fewer bytes than groupByKey on the same data (map-side combine)', async () => {
    const report = await run({
      code: `exports.solve = async (n) => {
  const pairs = dataset.fromArray(Array.from({ length: n }, (_, i) => ['key' + (i % 50), i]), 4)
  const reduced = await pairs.reduceByKey((a, b) => a + b).collect()
  const grouped = await pairs.groupByKey().map(([k, vs]) => [k, vs.reduce((a, b) => a + b, 0)]).collect()
  return { same: JSON.stringify(reduced.sort()) === JSON.stringify(grouped.sort()), keys: reduced.length }
}`,
      inputs: [20000],
    })
    expect(ok(report)).toEqual({ same: true, keys: 50 })
    const [reduce, group] = report.jobs.map((job) => job.stages[0]?.counters)
    expect(reduce?.shuffleWriteRecords).toBe(4 * 50)
    expect(group?.shuffleWriteRecords).toBe(20000)
    expect((reduce?.shuffleWriteBytes ?? 0) * 20).toBeLessThan(group?.shuffleWriteBytes ?? 0)
  })

  it('records per partition show skew: max, mean and their ratio per stage', async () => {
    const report = await run({
      code: `exports.solve = async () => {
  const skewed = dataset.fromArray(Array.from({ length: 1000 }, (_, i) => [i < 900 ? 'hot' : 'k' + i, 1]), 4)
  await skewed.groupByKey(4).count()
  return 0
}`,
      inputs: [0],
    })
    ok(report)
    const read = report.jobs[0]?.stages[1]?.counters
    expect(read?.shuffleReadRecords).toBe(1000)
    expect(read?.maxPartitionRecords).toBeGreaterThanOrEqual(900)
    expect(read?.meanPartitionRecords).toBe(250)
    expect(read?.partitionSkew).toBeGreaterThanOrEqual(3.6)
    // The call's counters: the worst stage's skew, and each stage's slowest task summed.
    const stages = report.jobs[0]?.stages ?? []
    expect(report.counters.partitionSkew).toBe(read?.partitionSkew)
    expect(report.counters.slowestTaskNs).toBe(
      stages.reduce((sum, stage) => sum + stage.counters.slowestTaskNs, 0),
    )
    expect(report.counters.slowestTaskNs).toBeGreaterThan(0)
  })
})
