import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { compileSolution } from '@arena/grader'
import { type IsolateProgram, ProcessPool } from '@arena/sandbox'
import type { PoolBenchRun } from './poolTask.ts'
import { type BenchSection, summarize } from './section.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const TASK = fileURLToPath(new URL('./poolTask.ts', import.meta.url))
const EMPTY_TASKS = 20_000
const ROUNDS = 7
/** The parallel references, timed on their largest perf case on 2 workers and on 1. */
const PARALLEL = [
  { challenge: 'parallel-histogram', warmupSize: 4, size: 256 },
  { challenge: 'parallel-chunk-size', warmupSize: 1000, size: 40_000 },
]

const EMPTY_SOURCE = `import { pool } from 'arena:pool'
export function empty(): number { return 0 }
export async function solve(n: number): Promise<number> {
  return (await pool.map('empty', new Array(n).fill(0))).length
}`

export const poolSection: BenchSection = {
  name: 'pool',
  description:
    'pool engine: per-task overhead, and the parallel references on 2 workers against 1 (issue #4)',
  async run(log) {
    const sandbox = new ProcessPool({ size: 1 })
    const time = async (task: PoolBenchRun) => {
      const outcome = await sandbox.run<{ wallNs: number }>({
        module: TASK,
        fn: 'timeRun',
        payload: task,
        deadlineMs: 120_000,
      })
      if (outcome.kind !== 'done')
        throw new Error(`pool bench run ended ${outcome.kind}: ${JSON.stringify(outcome)}`)
      return outcome.value.wallNs
    }
    try {
      const empty = await compile(EMPTY_SOURCE, 'empty.ts')
      const overhead: Record<string, ReturnType<typeof summarize>> = {}
      for (const workers of [1, 2]) {
        const perTask: number[] = []
        for (let round = 0; round < ROUNDS; round++) {
          const wallNs = await time({ program: empty, inputs: [100, EMPTY_TASKS], workers })
          perTask.push(wallNs / 1e3 / EMPTY_TASKS)
        }
        overhead[`${workers}-workers`] = summarize(perTask)
        log(
          `empty tasks on ${workers} worker(s): median ${summarize(perTask).median.toFixed(1)} µs per task (n=${ROUNDS} runs of ${EMPTY_TASKS})`,
        )
      }

      const speedups = []
      for (const { challenge, warmupSize, size } of PARALLEL) {
        const dir = `${ROOT}challenges/core/${challenge}/`
        const reference = await compile(await readFile(`${dir}reference.ts`, 'utf8'), 'reference.ts')
        const tests = (await import(`${dir}tests.ts`)).default as {
          generate(seed: number, size: number): unknown
        }
        const times: Record<1 | 2, number[]> = { 1: [], 2: [] }
        for (let round = 0; round < ROUNDS; round++) {
          const inputs = [tests.generate(1000 + round, warmupSize), tests.generate(round, size)]
          // Alternate the order, as the grader does, so drift in the machine hits both equally.
          for (const workers of round % 2 === 0 ? ([2, 1] as const) : ([1, 2] as const)) {
            times[workers].push(await time({ program: reference, inputs, workers }))
          }
        }
        const one = summarize(times[1])
        const two = summarize(times[2])
        const speedup = one.median / two.median
        speedups.push({
          challenge,
          size,
          oneWorkerMs: one.median / 1e6,
          twoWorkersMs: two.median / 1e6,
          speedup,
          efficiency: speedup / 2,
        })
        log(
          `${challenge} reference (size ${size}): 1 worker ${(one.median / 1e6).toFixed(1)} ms, 2 workers ${(two.median / 1e6).toFixed(1)} ms: speedup ${speedup.toFixed(2)}x, efficiency ${(speedup / 2).toFixed(2)} (n=${ROUNDS})`,
        )
      }
      return { perTaskOverheadUs: overhead, speedups }
    } finally {
      await sandbox.close()
    }
  },
}

async function compile(source: string, filename: string): Promise<IsolateProgram> {
  const compiled = await compileSolution(source, filename, 'solve', ['pool'])
  if (!compiled.ok) throw new Error(`${filename}: ${compiled.message}`)
  return compiled.program
}
