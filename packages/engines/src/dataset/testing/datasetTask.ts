// Task module for the dataset engine's own tests (runs in a sandbox child): one run of plain
// JavaScript with the engine installed and a fresh scratch folder, then the engine disposed, as the
// grader does; reports the engine's counters, job DAGs and what the scratch folder held afterwards.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type IsolateLimits, type ProgramRun, runProgram } from '@arena/sandbox'
import type { EngineCounters, TimelineEntry } from '../../EngineInstance.ts'
import { DatasetEngine } from '../DatasetEngine.ts'
import type { DatasetJobReport } from '../stageCounters.ts'

export interface DatasetPayload {
  /** Module body: assigns `exports.solve` and whatever else; `dataset` is in scope. */
  code: string
  inputs: unknown[]
  limits?: Partial<
    IsolateLimits & { workers: number; diskMb: number; jobResultKb: number; jobResultRecords: number }
  >
  /** Input files written into the scratch folder before the run (read-only, as the grader's are). */
  files?: Record<string, string>
  /** Binary input files, base64. */
  binaryFiles?: Record<string, string>
  /** Files of the scratch folder to hand back (base64) once the run is over, as the check reads outputs. */
  readBack?: string[]
}

export interface DatasetReport {
  run: ProgramRun
  counters: EngineCounters
  timeline: TimelineEntry[]
  jobs: DatasetJobReport[]
  /** Files left in the scratch folder once the engine was disposed. */
  scratchLeft: string[]
  /** The `readBack` files that exist, base64. */
  readBack: Record<string, string>
}

const LIMITS = { cpuMs: 10_000, wallMs: 15_000, memoryMb: 64, outputBytes: 4096, resultBytes: 16 * 2 ** 20 }

export async function runDataset(payload: DatasetPayload): Promise<DatasetReport> {
  const limits = { ...LIMITS, workers: 2, diskMb: 64, ...payload.limits }
  // The first line holds the prelude only, so errors keep the line numbers of `code` plus one.
  const program = {
    code: `var __mod = (() => { const exports = {}; const { dataset } = globalThis.__arena_engines.dataset;\n${payload.code}\nreturn exports })()`,
    filename: 'solution.js',
    globalName: '__mod',
    entry: 'solve',
  }
  const scratchDir = mkdtempSync(join(tmpdir(), 'arena-ds-test-'))
  for (const [name, text] of Object.entries(payload.files ?? {})) {
    writeFileSync(join(scratchDir, name), text, { mode: 0o444 })
  }
  for (const [name, base64] of Object.entries(payload.binaryFiles ?? {})) {
    writeFileSync(join(scratchDir, name), Buffer.from(base64, 'base64'), { mode: 0o444 })
  }
  const inputs = new Set([...Object.keys(payload.files ?? {}), ...Object.keys(payload.binaryFiles ?? {})])
  const engine = new DatasetEngine({ limits, program, scratchDir, runnerClass: 'cpu' })
  try {
    const run = await runProgram(program, payload.inputs, limits, [engine])
    await engine.dispose()
    const left = new Set(readdirSync(scratchDir))
    const readBack = Object.fromEntries(
      (payload.readBack ?? [])
        .filter((name) => left.has(name))
        .map((name) => [name, readFileSync(join(scratchDir, name)).toString('base64')]),
    )
    return {
      readBack,
      run,
      counters: engine.counters(),
      timeline: engine.timeline(),
      jobs: engine.jobReports(),
      scratchLeft: readdirSync(scratchDir).filter((name) => !inputs.has(name)),
    }
  } finally {
    await engine.dispose()
    rmSync(scratchDir, { recursive: true, force: true })
  }
}
