import { fileURLToPath } from 'node:url'
import type { DatasetJobReport } from '@arena/engines'
import { compileSolution } from '@arena/grader'
import { type IsolateProgram, ProcessPool } from '@arena/sandbox'
import type { EngineBenchRun } from './datasetTask.ts'
import { type BenchSection, summarize } from './section.ts'

const TASK = fileURLToPath(new URL('./datasetTask.ts', import.meta.url))
const ROUNDS = 5
const NUMBER_LINES = 1_000_000
const WORD_LINES = 50_000
const TASKS = 256
const SALES_ROWS = 500_000
const WIDE = 49

// Narrow stage: read -> map -> filter -> count, one stage, no shuffle.
const NARROW_SOURCE = `import { dataset } from 'arena:dataset'
export async function solve(file: string): Promise<number> {
  return dataset.read(file).map((line) => Number(line) * 2).filter((x) => x % 3 !== 0).count()
}`

// Word count with a combiner, the same job on both engines.
const WORDS_DATASET = `import { dataset } from 'arena:dataset'
export async function solve(file: string): Promise<number> {
  return dataset.read(file).flatMap((line) => line.split(' ')).map((w): [string, number] => [w, 1])
    .reduceByKey((a, b) => a + b, dataset.size).count()
}`
const WORDS_MAPREDUCE = `import { mapreduce } from 'arena:mapreduce'
export function map(line: string, emit: (word: string, n: number) => void): void {
  for (const word of line.split(' ')) emit(word, 1)
}
export function sum(word: string, counts: number[], emit: (word: string, n: number) => void): void {
  let s = 0
  for (const n of counts) s += n
  emit(word, s)
}
export async function solve(file: string): Promise<number> {
  const { output } = await mapreduce.run({ input: { file }, reducers: mapreduce.size, combine: 'sum', reduce: 'sum' })
  return output.reduce((n, part) => n + part.length, 0)
}`

// The same word count with nothing combined before the shuffle: every pair crosses it.
const GROUPS_DATASET = `import { dataset } from 'arena:dataset'
export async function solve(file: string): Promise<number> {
  return dataset.read(file).flatMap((line) => line.split(' ')).map((w): [string, number] => [w, 1])
    .groupByKey(dataset.size).map(([w, ones]) => [w, ones.length]).count()
}`
const GROUPS_MAPREDUCE = WORDS_MAPREDUCE.replace("combine: 'sum', ", '')

// A columnar query: 10 days' revenue. Pruned and pushed down (only price and day chunks, only the
// row groups whose day statistics overlap), against the same answer from a full scan. Partial sums per
// partition: the warm-up file has no such days, and reduce refuses an empty dataset.
const QUERY_PRUNED = `import { dataset } from 'arena:dataset'
export async function solve(file: string): Promise<number> {
  return dataset.read<{ price: number }>(file, { format: 'columnar', columns: ['price'], where: [['day', 'between', 200, 209]] })
    .map((r) => r.price)
    .mapPartitions((prices) => [prices.reduce((a, b) => a + b, 0)]).reduce((a, b) => a + b)
}`
const QUERY_FULL = `import { dataset } from 'arena:dataset'
export async function solve(file: string): Promise<number> {
  return dataset.read<{ day: number; price: number }>(file, { format: 'columnar' })
    .filter((r) => r.day >= 200 && r.day <= 209).map((r) => r.price)
    .mapPartitions((prices) => [prices.reduce((a, b) => a + b, 0)]).reduce((a, b) => a + b)
}`

// Per-task overhead: one record per partition, counted.
const TASKS_SOURCE = `import { dataset } from 'arena:dataset'
export async function solve(partitions: number): Promise<number> {
  return dataset.fromArray(Array.from({ length: partitions }, (_, i) => i), partitions).count()
}`

// A 50-stage job: 49 shuffles in a row.
const WIDE_SOURCE = `import { dataset } from 'arena:dataset'
export async function solve(wide: number): Promise<number> {
  let d = dataset.fromArray(Array.from({ length: 100 }, (_, i) => i), 2).map((x): [number, number] => [x % 10, x])
  for (let i = 0; i < wide; i++) d = d.reduceByKey((a, b) => a + b, 2).map(([k, v]): [number, number] => [k, v % 1000])
  return d.count()
}`

type Timed = { wallNs: number; jobs: DatasetJobReport[]; counters: Record<string, number> }

export const datasetSection: BenchSection = {
  name: 'dataset',
  description:
    'dataset engine: a columnar query with pruning and pushdown vs a full scan, narrow-stage records/s vs a plain loop, word-count shuffle vs the mapreduce engine, per-task overhead, planning a 50-stage job (issue #20)',
  async run(log) {
    const sandbox = new ProcessPool({ size: 1 })
    const call = async <T>(fn: string, payload: unknown): Promise<T> => {
      const outcome = await sandbox.run<T>({ module: TASK, fn, payload, deadlineMs: 300_000 })
      if (outcome.kind !== 'done')
        throw new Error(`dataset bench ${fn} ended ${outcome.kind}: ${JSON.stringify(outcome)}`)
      return outcome.value
    }
    const engine = (task: EngineBenchRun) => call<Timed>('timeEngine', task)
    try {
      const narrow = await compile(NARROW_SOURCE, 'dataset')
      const wordsDataset = await compile(WORDS_DATASET, 'dataset')
      const wordsMapReduce = await compile(WORDS_MAPREDUCE, 'mapreduce')
      const groupsDataset = await compile(GROUPS_DATASET, 'dataset')
      const groupsMapReduce = await compile(GROUPS_MAPREDUCE, 'mapreduce')
      const tasks = await compile(TASKS_SOURCE, 'dataset')
      const wide = await compile(WIDE_SOURCE, 'dataset')
      const pruned = await compile(QUERY_PRUNED, 'dataset')
      const full = await compile(QUERY_FULL, 'dataset')
      const sales = {
        'warm.col': { kind: 'sales', lines: 20_000 },
        'sales.col': { kind: 'sales', lines: SALES_ROWS },
      } as const
      const numbers = {
        'warm.txt': { kind: 'numbers', lines: 1000 },
        'numbers.txt': { kind: 'numbers', lines: NUMBER_LINES },
      } as const
      const words = {
        'warm.txt': { kind: 'words', lines: 500 },
        'words.txt': { kind: 'words', lines: WORD_LINES },
      } as const
      const samples = {
        narrow: [] as number[],
        loop: [] as number[],
        ds: [] as number[],
        mr: [] as number[],
        dsAll: [] as number[],
        mrAll: [] as number[],
        tasks: [] as number[],
        two: [] as number[],
        wide: [] as number[],
        plan: [] as number[],
        pruned: [] as number[],
        full: [] as number[],
      }
      const scan = { pruned: {} as Record<string, number>, full: {} as Record<string, number> }
      const shuffle = { dataset: 0, mapreduce: 0, datasetAll: 0, mapreduceAll: 0 }
      for (let round = 0; round < ROUNDS; round++) {
        // The two queries alternate which goes first, as the engines below do.
        for (const which of round % 2 === 0 ? (['pruned', 'full'] as const) : (['full', 'pruned'] as const)) {
          const timed = await engine({
            engine: 'dataset',
            program: which === 'pruned' ? pruned : full,
            inputs: ['warm.col', 'sales.col'],
            workers: 2,
            files: sales,
          })
          samples[which].push(timed.wallNs)
          scan[which] = timed.counters
        }
        samples.narrow.push(
          (
            await engine({
              engine: 'dataset',
              program: narrow,
              inputs: ['warm.txt', 'numbers.txt'],
              workers: 2,
              files: numbers,
            })
          ).wallNs,
        )
        await call('timeNarrowLoop', { lines: 1000 }) // warm-up
        samples.loop.push((await call<{ wallNs: number }>('timeNarrowLoop', { lines: NUMBER_LINES })).wallNs)
        // The two engines alternate which goes first, so neither always runs on a warmer machine.
        const order = round % 2 === 0 ? (['ds', 'mr'] as const) : (['mr', 'ds'] as const)
        for (const which of order) {
          const timed = await engine({
            engine: which === 'ds' ? 'dataset' : 'mapreduce',
            program: which === 'ds' ? wordsDataset : wordsMapReduce,
            inputs: ['warm.txt', 'words.txt'],
            workers: 2,
            files: words,
          })
          samples[which].push(timed.wallNs)
          if (which === 'ds') shuffle.dataset = timed.counters.shuffleWriteBytes ?? 0
          else shuffle.mapreduce = timed.counters.shuffleBytes ?? 0
        }
        for (const which of order) {
          const timed = await engine({
            engine: which === 'ds' ? 'dataset' : 'mapreduce',
            program: which === 'ds' ? groupsDataset : groupsMapReduce,
            inputs: ['warm.txt', 'words.txt'],
            workers: 2,
            files: words,
          })
          samples[which === 'ds' ? 'dsAll' : 'mrAll'].push(timed.wallNs)
          if (which === 'ds') shuffle.datasetAll = timed.counters.shuffleWriteBytes ?? 0
          else shuffle.mapreduceAll = timed.counters.shuffleBytes ?? 0
        }
        samples.tasks.push(
          (await engine({ engine: 'dataset', program: tasks, inputs: [2, TASKS], workers: 2, files: {} }))
            .wallNs,
        )
        samples.two.push(
          (await engine({ engine: 'dataset', program: tasks, inputs: [TASKS, 2], workers: 2, files: {} }))
            .wallNs,
        )
        const stages = await engine({
          engine: 'dataset',
          program: wide,
          inputs: [2, WIDE],
          workers: 2,
          files: {},
        })
        samples.wide.push(stages.wallNs)
        samples.plan.push(stages.jobs.at(-1)?.planNs ?? 0)
        if (round === 0) log(`50-stage job: ${stages.jobs.at(-1)?.stages.length} stages`)
      }
      const median = (values: number[]) => summarize(values).median
      const narrowRate = NUMBER_LINES / (median(samples.narrow) / 1e9)
      const loopRate = NUMBER_LINES / (median(samples.loop) / 1e9)
      const wordCount = WORD_LINES * 10
      const dsRate = wordCount / (median(samples.ds) / 1e9)
      const mrRate = wordCount / (median(samples.mr) / 1e9)
      const dsAllRate = wordCount / (median(samples.dsAll) / 1e9)
      const mrAllRate = wordCount / (median(samples.mrAll) / 1e9)
      const prunedMs = median(samples.pruned) / 1e6
      const fullMs = median(samples.full) / 1e6
      const bytes = (which: 'pruned' | 'full') => scan[which].inputBytes ?? 0
      log(
        `columnar query (10 of 500 days, ${SALES_ROWS} rows, 5 columns, 2 workers): pruning + pushdown read ${(bytes('pruned') / 2 ** 20).toFixed(2)} MiB in ${prunedMs.toFixed(0)} ms (${scan.pruned.rowGroupsRead} row groups read, ${scan.pruned.rowGroupsSkipped} skipped); the full scan read ${(bytes('full') / 2 ** 20).toFixed(2)} MiB in ${fullMs.toFixed(0)} ms: ${((bytes('pruned') / bytes('full')) * 100).toFixed(1)}% of the bytes, ${(fullMs / prunedMs).toFixed(1)}x faster`,
      )
      const perTaskUs = (median(samples.tasks) - median(samples.two)) / (TASKS - 2) / 1e3
      const planMs = median(samples.plan) / 1e6
      const wideMs = median(samples.wide) / 1e6
      log(
        `narrow stage (read, map, filter, count), ${NUMBER_LINES} lines, 2 workers: ${(narrowRate / 1e6).toFixed(2)} M records/s; plain loop ${(loopRate / 1e6).toFixed(2)} M records/s: the engine runs at ${((narrowRate / loopRate) * 100).toFixed(1)}% of it`,
      )
      log(
        `word count with map-side combine, ${wordCount} words: dataset ${(dsRate / 1e6).toFixed(2)} M words/s vs mapreduce ${(mrRate / 1e6).toFixed(2)} M words/s (dataset/mapreduce ${(dsRate / mrRate).toFixed(2)}x; shuffle ${(shuffle.dataset / 1024).toFixed(0)} KiB vs ${(shuffle.mapreduce / 1024).toFixed(0)} KiB)`,
      )
      log(
        `word count with every pair shuffled (groupByKey / no combiner): dataset ${(dsAllRate / 1e6).toFixed(2)} M words/s vs mapreduce ${(mrAllRate / 1e6).toFixed(2)} M words/s (dataset/mapreduce ${(dsAllRate / mrAllRate).toFixed(2)}x; shuffle ${(shuffle.datasetAll / 2 ** 20).toFixed(1)} MiB vs ${(shuffle.mapreduceAll / 2 ** 20).toFixed(1)} MiB)`,
      )
      log(`per-task overhead: ${perTaskUs.toFixed(0)} µs a task (${TASKS} one-record partitions vs 2)`)
      log(
        `50-stage job: planning ${planMs.toFixed(2)} ms (${((planMs / wideMs) * 100).toFixed(1)}% of the job's ${wideMs.toFixed(0)} ms) (n=${ROUNDS})`,
      )
      return {
        columnarQuery: {
          pruned: {
            ...summarize(samples.pruned),
            inputBytes: bytes('pruned'),
            rowGroupsRead: scan.pruned.rowGroupsRead,
            rowGroupsSkipped: scan.pruned.rowGroupsSkipped,
          },
          fullScan: {
            ...summarize(samples.full),
            inputBytes: bytes('full'),
            rowGroupsRead: scan.full.rowGroupsRead,
          },
          bytesShare: bytes('pruned') / bytes('full'),
          speedup: fullMs / prunedMs,
        },
        narrow: { ...summarize(samples.narrow), recordsPerSecond: narrowRate },
        loop: { ...summarize(samples.loop), recordsPerSecond: loopRate },
        narrowShareOfLoop: narrowRate / loopRate,
        wordCount: {
          dataset: { ...summarize(samples.ds), wordsPerSecond: dsRate, shuffleBytes: shuffle.dataset },
          mapreduce: { ...summarize(samples.mr), wordsPerSecond: mrRate, shuffleBytes: shuffle.mapreduce },
          datasetOverMapreduce: dsRate / mrRate,
        },
        wordCountUncombined: {
          dataset: {
            ...summarize(samples.dsAll),
            wordsPerSecond: dsAllRate,
            shuffleBytes: shuffle.datasetAll,
          },
          mapreduce: {
            ...summarize(samples.mrAll),
            wordsPerSecond: mrAllRate,
            shuffleBytes: shuffle.mapreduceAll,
          },
          datasetOverMapreduce: dsAllRate / mrAllRate,
        },
        perTaskUs,
        fiftyStages: { planMs, jobMs: wideMs, planShare: planMs / wideMs },
      }
    } finally {
      await sandbox.close()
    }
  },
}

async function compile(source: string, engine: string): Promise<IsolateProgram> {
  const compiled = await compileSolution(source, `${engine}.ts`, 'solve', [engine])
  if (!compiled.ok) throw new Error(`${engine}.ts: ${compiled.message}`)
  return compiled.program
}
