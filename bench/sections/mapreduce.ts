import { fileURLToPath } from 'node:url'
import { compileSolution } from '@arena/grader'
import { type IsolateProgram, ProcessPool } from '@arena/sandbox'
import type { MapReduceBenchRun } from './mapreduceTask.ts'
import { type BenchSection, summarize } from './section.ts'

const TASK = fileURLToPath(new URL('./mapreduceTask.ts', import.meta.url))
const RECORDS = 200_000
const KEYS = 1000
const SPLITS = 8
const ROUNDS = 5

// The identity job: map emits each record as (key, value), reduce emits every value of its key.
const IDENTITY_SOURCE = `import { mapreduce } from 'arena:mapreduce'
export function map(i: number, emit: (key: number, value: number) => void): void {
  emit((i * 7919) % ${KEYS}, i)
}
export function reduce(key: number, values: number[], emit: (key: number, value: number) => void): void {
  for (const value of values) emit(key, value)
}
export async function solve(n: number): Promise<number> {
  const splits: number[][] = Array.from({ length: ${SPLITS} }, () => [])
  for (let i = 0; i < n; i++) splits[i % ${SPLITS}]!.push(i)
  const { output } = await mapreduce.run<number, number>({ input: splits, reducers: mapreduce.size })
  return output.reduce((sum, part) => sum + part.length, 0)
}`

export const mapreduceSection: BenchSection = {
  name: 'mapreduce',
  description:
    'mapreduce engine: records per second through map -> shuffle -> reduce for an identity job, against a plain loop doing the same grouping (issue #5)',
  async run(log) {
    const sandbox = new ProcessPool({ size: 1 })
    const call = async <T>(fn: string, payload: unknown): Promise<T> => {
      const outcome = await sandbox.run<T>({ module: TASK, fn, payload, deadlineMs: 120_000 })
      if (outcome.kind !== 'done')
        throw new Error(`mapreduce bench ${fn} ended ${outcome.kind}: ${JSON.stringify(outcome)}`)
      return outcome.value
    }
    try {
      const program = await compile(IDENTITY_SOURCE)
      const job: number[] = []
      const loop: number[] = []
      let shuffleBytes = 0
      for (let round = 0; round < ROUNDS; round++) {
        const task: MapReduceBenchRun = { program, inputs: [1000, RECORDS], workers: 2 }
        const timed = await call<{ wallNs: number; shuffleBytes: number }>('timeJob', task)
        job.push(timed.wallNs)
        shuffleBytes = timed.shuffleBytes
        await call('timeLoop', { records: RECORDS, keys: KEYS }) // warm-up
        loop.push((await call<{ wallNs: number }>('timeLoop', { records: RECORDS, keys: KEYS })).wallNs)
      }
      const jobMedian = summarize(job).median
      const loopMedian = summarize(loop).median
      const jobRate = RECORDS / (jobMedian / 1e9)
      const loopRate = RECORDS / (loopMedian / 1e9)
      log(
        `identity job, ${RECORDS} records, ${KEYS} keys, ${SPLITS} splits, 2 workers: ${(jobMedian / 1e6).toFixed(1)} ms, ${(jobRate / 1e6).toFixed(2)} M records/s (shuffle ${(shuffleBytes / 2 ** 20).toFixed(1)} MiB)`,
      )
      log(
        `plain loop, same grouping: ${(loopMedian / 1e6).toFixed(1)} ms, ${(loopRate / 1e6).toFixed(2)} M records/s: the engine runs at ${((jobRate / loopRate) * 100).toFixed(1)}% of it (n=${ROUNDS})`,
      )
      return {
        records: RECORDS,
        keys: KEYS,
        splits: SPLITS,
        workers: 2,
        shuffleBytes,
        job: { ...summarize(job), recordsPerSecond: jobRate },
        loop: { ...summarize(loop), recordsPerSecond: loopRate },
        engineShareOfLoop: jobRate / loopRate,
      }
    } finally {
      await sandbox.close()
    }
  },
}

async function compile(source: string): Promise<IsolateProgram> {
  const compiled = await compileSolution(source, 'identity.ts', 'solve', ['mapreduce'])
  if (!compiled.ok) throw new Error(`identity.ts: ${compiled.message}`)
  return compiled.program
}
