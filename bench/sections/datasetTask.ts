// Sandbox-child task of the dataset bench: one run of a compiled program with the dataset (or the
// mapreduce) engine, as the grader runs it (fresh isolate, warm-up call, timed call, engine disposed,
// scratch removed), the input files written into the scratch folder first; and the same work done by a
// plain loop in this process.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDatasetEngine, createMapReduceEngine, type DatasetJobReport } from '@arena/engines'
import { columnarFile } from '@arena/engines/dataset-files'
import { type IsolateProgram, runProgram } from '@arena/sandbox'

export interface EngineBenchRun {
  engine: 'dataset' | 'mapreduce'
  program: IsolateProgram
  inputs: unknown[]
  workers: number
  /** Files for the scratch folder: name -> the generator's arguments (made here, not copied in). */
  files: Record<string, { kind: 'numbers' | 'words' | 'sales'; lines: number }>
}

const LIMITS = { cpuMs: 120_000, wallMs: 120_000, memoryMb: 256, outputBytes: 4096, resultBytes: 2 ** 28 }

/** A file of `lines` lines: integers, or ten words of a Zipf-like vocabulary (deterministic). */
export function benchFile(kind: 'numbers' | 'words', lines: number): string {
  let seed = 7
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed / 2 ** 31
  }
  const out: string[] = []
  for (let i = 0; i < lines; i++) {
    if (kind === 'numbers') out.push(String(Math.floor(next() * 1e6)))
    else out.push(Array.from({ length: 10 }, () => `w${Math.floor(1 / (next() + 0.0005))}`).join(' '))
  }
  return `${out.join('\n')}\n`
}

/** Rows a sales day holds, and rows a row group holds, in the columnar bench file. */
export const SALES_DAY_ROWS = 1000
export const SALES_GROUP_ROWS = 10_000

/**
 * A columnar file of `rows` sales sorted by day (as a table partitioned by date is), with a wide text
 * column a query that prunes columns never reads: what pruning and pushdown save.
 */
export function salesFile(rows: number): Buffer {
  function* sales() {
    for (let i = 0; i < rows; i++) {
      yield [
        Math.floor(i / SALES_DAY_ROWS),
        `shop-${i % 97}`,
        (i % 1000) / 8,
        i % 13,
        `note ${i} `.padEnd(40, 'x'),
      ]
    }
  }
  const schema = [
    ['day', 'int32'],
    ['shop', 'string'],
    ['price', 'float64'],
    ['qty', 'int32'],
    ['note', 'string'],
  ] as const
  return Buffer.concat([...columnarFile(schema, sales(), { rowGroupRows: SALES_GROUP_ROWS })])
}

/** Wall ns of the timed (last) call, its jobs' DAGs (dataset) and its counters, or throws the run's failure. */
export async function timeEngine(
  task: EngineBenchRun,
): Promise<{ wallNs: number; jobs: DatasetJobReport[]; counters: Record<string, number> }> {
  const scratchDir = mkdtempSync(join(tmpdir(), 'arena-ds-bench-'))
  for (const [name, file] of Object.entries(task.files)) {
    writeFileSync(
      join(scratchDir, name),
      file.kind === 'sales' ? salesFile(file.lines) : benchFile(file.kind, file.lines),
    )
  }
  const options = {
    limits: { ...LIMITS, workers: task.workers, diskMb: 1024 },
    program: task.program,
    scratchDir,
    runnerClass: 'cpu',
  }
  const engine = task.engine === 'dataset' ? createDatasetEngine(options) : createMapReduceEngine(options)
  try {
    const run = await runProgram(task.program, task.inputs, LIMITS, [engine])
    if (run.outcome.status !== 'ok') throw new Error(`${run.outcome.status}: ${run.outcome.message}`)
    const jobs = 'jobReports' in engine ? (engine as { jobReports(): DatasetJobReport[] }).jobReports() : []
    return { wallNs: run.calls.at(-1)?.wallNs ?? 0, jobs, counters: engine.counters() }
  } finally {
    await engine.dispose()
    rmSync(scratchDir, { recursive: true, force: true })
  }
}

/** The narrow pipeline of the bench's dataset job, as a plain loop over the same file's lines. */
export function timeNarrowLoop(input: { lines: number }): { wallNs: number; count: number } {
  const dir = mkdtempSync(join(tmpdir(), 'arena-ds-loop-'))
  try {
    writeFileSync(join(dir, 'numbers.txt'), benchFile('numbers', input.lines))
    const start = process.hrtime.bigint()
    const text = readFileSync(join(dir, 'numbers.txt'), 'utf8')
    let count = 0
    for (const line of text.split('\n')) {
      if (!line) continue
      const x = Number(line) * 2
      if (x % 3 !== 0) count++
    }
    return { wallNs: Number(process.hrtime.bigint() - start), count }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
