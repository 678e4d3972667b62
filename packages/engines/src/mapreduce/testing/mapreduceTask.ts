// Task module for the mapreduce engine's own tests (runs in a sandbox child): one run of plain
// JavaScript with the engine installed and a fresh scratch folder, then the engine disposed, as the
// grader does; reports what the scratch folder held afterwards.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type IsolateLimits, type ProgramRun, runProgram } from '@arena/sandbox'
import type { EngineCounters, TimelineEntry } from '../../EngineInstance.ts'
import { createMapReduceEngine } from '../index.ts'

export interface MapReducePayload {
  /** Module body: assigns `exports.solve`, `exports.map`, `exports.reduce`, …; `mapreduce` is in scope. */
  code: string
  inputs: unknown[]
  limits?: Partial<IsolateLimits & { workers: number; diskMb: number; jobResultKb: number }>
  /** Input files written into the scratch folder before the run (read-only, as the grader's are). */
  files?: Record<string, string>
  /** The files are every call's inputs, staged as the grader stages a case's files (EngineRunOptions.inputFiles). */
  staged?: boolean
}

export interface MapReduceReport {
  run: ProgramRun
  counters: EngineCounters
  timeline: TimelineEntry[]
  /** Files left in the scratch folder once the engine was disposed. */
  scratchLeft: string[]
  /** The text of each file left (the jobs' output files), up to 64 KiB each. */
  left: Record<string, string>
}

const LIMITS = { cpuMs: 5000, wallMs: 8000, memoryMb: 64, outputBytes: 4096, resultBytes: 16 * 2 ** 20 }

export async function runMapReduce(payload: MapReducePayload): Promise<MapReduceReport> {
  const limits = { ...LIMITS, workers: 2, diskMb: 64, ...payload.limits }
  // The first line holds the prelude only, so errors keep the line numbers of `code` plus one.
  const program = {
    code: `var __mod = (() => { const exports = {}; const { mapreduce } = globalThis.__arena_engines.mapreduce;\n${payload.code}\nreturn exports })()`,
    filename: 'solution.js',
    globalName: '__mod',
    entry: 'solve',
  }
  const scratchDir = mkdtempSync(join(tmpdir(), 'arena-mr-test-'))
  for (const [name, text] of Object.entries(payload.files ?? {})) {
    writeFileSync(join(scratchDir, name), text, { mode: 0o444 })
  }
  const inputs = new Set(Object.keys(payload.files ?? {}))
  const staged = payload.staged ? { inputFiles: { stage: () => [...inputs] } } : {}
  const engine = createMapReduceEngine({ limits, program, scratchDir, runnerClass: 'cpu', ...staged })
  try {
    const run = await runProgram(program, payload.inputs, limits, [engine])
    await engine.dispose()
    const scratchLeft = readdirSync(scratchDir).filter((name) => !inputs.has(name))
    return {
      run,
      counters: engine.counters(),
      timeline: engine.timeline?.() ?? [],
      scratchLeft,
      left: Object.fromEntries(
        scratchLeft.map((name) => [name, readFileSync(join(scratchDir, name), 'utf8').slice(0, 65536)]),
      ),
    }
  } finally {
    await engine.dispose()
    rmSync(scratchDir, { recursive: true, force: true })
  }
}
