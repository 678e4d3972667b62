// Sandbox-child task of the mapreduce bench: one run of a compiled program with the mapreduce engine,
// as the grader runs it (fresh isolate, warm-up call, timed call, engine disposed, scratch removed),
// and the same grouping done by a plain loop in this process.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMapReduceEngine } from '@arena/engines'
import { type IsolateProgram, runProgram } from '@arena/sandbox'

export interface MapReduceBenchRun {
  program: IsolateProgram
  inputs: unknown[]
  workers: number
}

const LIMITS = { cpuMs: 60_000, wallMs: 60_000, memoryMb: 256, outputBytes: 4096, resultBytes: 2 ** 28 }

/** Wall ns of the last call, and its shuffle bytes, or throws the run's failure. */
export async function timeJob(task: MapReduceBenchRun): Promise<{ wallNs: number; shuffleBytes: number }> {
  const scratchDir = mkdtempSync(join(tmpdir(), 'arena-mr-bench-'))
  const engine = createMapReduceEngine({
    limits: { ...LIMITS, workers: task.workers, diskMb: 1024 },
    program: task.program,
    scratchDir,
    runnerClass: 'cpu',
  })
  try {
    const run = await runProgram(task.program, task.inputs, LIMITS, [engine])
    if (run.outcome.status !== 'ok') throw new Error(`${run.outcome.status}: ${run.outcome.message}`)
    return { wallNs: run.calls.at(-1)?.wallNs ?? 0, shuffleBytes: engine.counters().shuffleBytes ?? 0 }
  } finally {
    await engine.dispose()
    rmSync(scratchDir, { recursive: true, force: true })
  }
}

/** The same grouping as the identity job, by a plain loop: a Map of key to values, keys sorted. */
export function timeLoop(input: { records: number; keys: number }): { wallNs: number; groups: number } {
  const start = process.hrtime.bigint()
  const groups = new Map<number, number[]>()
  for (let i = 0; i < input.records; i++) {
    const key = (i * 7919) % input.keys
    const values = groups.get(key)
    if (values) values.push(i)
    else groups.set(key, [i])
  }
  const out: [number, number][] = []
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    for (const value of groups.get(key) as number[]) out.push([key, value])
  }
  return { wallNs: Number(process.hrtime.bigint() - start), groups: out.length }
}
