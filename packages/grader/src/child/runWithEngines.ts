import { createEngines, type EngineCounters, type EngineInstance, type TimelineEntry } from '@arena/engines'
import { type IsolateLimits, type IsolateProgram, type ProgramRun, runProgram } from '@arena/sandbox'
import type { InputFolder } from './scratch.ts'
import { makeFolder, removeFolder } from './scratch.ts'

/** The engines a challenge grants, and their limits. */
export interface EngineGrant {
  names: string[]
  workers: number
  diskMb: number
  /** `cpu` or `gpu:<adapter>`: the runner this grading runs on. */
  runnerClass: string
}

export interface EngineRun extends ProgramRun {
  counters?: EngineCounters
  timeline?: TimelineEntry[]
}

/**
 * One program run with the granted engines: a fresh scratch folder holding links to the inputs, the
 * engines built for it, then disposed, and the folder removed whatever happened. `inspect` sees the
 * run and its folder before the folder goes (checks read output files there).
 */
export async function runWithEngines<T>(
  program: IsolateProgram,
  inputs: readonly unknown[],
  limits: IsolateLimits,
  grant: EngineGrant,
  inputFiles: InputFolder,
  inspect: (run: EngineRun, scratchDir: string | undefined) => T,
): Promise<T> {
  if (grant.names.length === 0) return inspect(await runProgram(program, inputs, limits), undefined)
  const scratchDir = makeFolder('run')
  let engines: EngineInstance[] = []
  let disposed = false
  const dispose = async () => {
    if (disposed) return
    disposed = true
    await Promise.allSettled(engines.map((engine) => engine.dispose()))
  }
  try {
    inputFiles.linkInto(scratchDir)
    engines = createEngines(grant.names, {
      limits: {
        cpuMs: limits.cpuMs,
        wallMs: limits.wallMs,
        memoryMb: limits.memoryMb,
        workers: grant.workers,
        diskMb: grant.diskMb,
      },
      program,
      scratchDir,
      runnerClass: grant.runnerClass,
    })
    const run: EngineRun = await runProgram(program, inputs, limits, engines)
    await dispose()
    run.counters = mergeCounters(engines)
    const timeline = engines.flatMap((engine) => engine.timeline?.() ?? [])
    if (timeline.length > 0) run.timeline = timeline
    return inspect(run, scratchDir)
  } finally {
    await dispose()
    removeFolder(scratchDir)
  }
}

function mergeCounters(engines: readonly EngineInstance[]): EngineCounters {
  const merged: EngineCounters = {}
  for (const engine of engines) {
    for (const [name, value] of Object.entries(engine.counters())) {
      merged[name in merged ? `${engine.name}.${name}` : name] = value
    }
  }
  return merged
}
