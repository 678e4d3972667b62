// Task module for the pool's own tests (runs in a sandbox child): one run of plain JavaScript with the
// pool engine installed, then the engine disposed, as the grader does.
import { readFileSync } from 'node:fs'
import { type IsolateLimits, type ProgramRun, runProgram } from '@arena/sandbox'
import type { EngineCounters, TimelineEntry } from '../../EngineInstance.ts'
import { createPoolEngine } from '../index.ts'

export interface PoolPayload {
  /** Module body: assigns `exports.solve` and the worker functions; `pool` is in scope. */
  code: string
  inputs: unknown[]
  limits?: Partial<IsolateLimits & { workers: number }>
}

export interface PoolReport {
  run: ProgramRun
  counters: EngineCounters
  timeline: TimelineEntry[]
  /** The child's OS threads after the engine was disposed: flat over many runs means nothing leaked. */
  threads: number
  /** The child process that ran it. */
  pid: number
}

const LIMITS = { cpuMs: 2000, wallMs: 3000, memoryMb: 64, outputBytes: 4096, resultBytes: 16 * 2 ** 20 }

export async function runPool(payload: PoolPayload): Promise<PoolReport> {
  const limits = { ...LIMITS, workers: 2, ...payload.limits }
  // The first line holds the prelude only, so errors keep the line numbers of `code` plus one.
  const program = {
    code: `var __mod = (() => { const exports = {}; const { pool } = globalThis.__arena_engines.pool;\n${payload.code}\nreturn exports })()`,
    filename: 'solution.js',
    globalName: '__mod',
    entry: 'solve',
  }
  const engine = createPoolEngine({
    limits: { ...limits, diskMb: 0 },
    program,
    scratchDir: '',
    runnerClass: 'cpu',
  })
  try {
    const run = await runProgram(program, payload.inputs, limits, [engine])
    return {
      run,
      counters: engine.counters(),
      timeline: engine.timeline?.() ?? [],
      threads: 0,
      pid: process.pid,
    }
  } finally {
    await engine.dispose()
  }
}

/**
 * Like runPool, then the thread count once the disposed isolates' threads had time to go: it settles
 * when three reads 50 ms apart agree (a worker disposed in the middle of an endless task takes a while
 * to unwind), or after 2 s.
 */
export async function runPoolAndCount(payload: PoolPayload): Promise<PoolReport> {
  const report = await runPool(payload)
  const threads = () => Number(/^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0)
  let last = -1
  let same = 0
  for (const deadline = Date.now() + 2000; same < 3 && Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    const now = threads()
    same = now === last ? same + 1 : 1
    last = now
  }
  return { ...report, threads: last }
}
