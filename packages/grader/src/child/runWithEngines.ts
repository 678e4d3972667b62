import {
  createEngines,
  type EngineCounters,
  type EngineInstance,
  type EngineRunOptions,
  type TimelineEntry,
} from '@arena/engines'
import {
  type IsolateExtension,
  type IsolateLimits,
  type IsolateProgram,
  type ProgramRun,
  type RunOptions,
  runProgram,
} from '@arena/sandbox'
import { boundJobGraphs } from '../boundJobGraphs.ts'
import type { JobGraphs } from '../types.ts'
import type { InputFolder } from './scratch.ts'
import { makeFolder, removeFolder } from './scratch.ts'

/** The engines a challenge grants, and their limits. */
export interface EngineGrant {
  names: string[]
  workers: number
  diskMb: number
  /** Most a mapreduce job's output or a dataset action's result may bring back to the main function (`limits.jobResultKb`). */
  jobResultKb?: number
  /** Most records a dataset action may bring back to the main function (`limits.jobResultRecords`). */
  jobResultRecords?: number
  /** `cpu` or `gpu:<adapter>`: the runner this grading runs on. */
  runnerClass: string
}

export interface EngineRun extends ProgramRun {
  counters?: EngineCounters
  timeline?: TimelineEntry[]
  /** The last call's jobs of an engine that plans stages (dataset), capped. */
  jobGraphs?: JobGraphs
}

/**
 * One program run with the granted engines: a fresh scratch folder, empty while the module evaluates,
 * that gets links to each call's input files when that call starts (`inputStaging`); the engines
 * built for it, then disposed, and the folder removed whatever happened. `inspect` sees the run and
 * its folder before the folder goes (checks read output files there).
 */
export async function runWithEngines<T>(
  program: IsolateProgram,
  inputs: readonly unknown[],
  limits: IsolateLimits,
  grant: EngineGrant,
  inputFiles: InputFolder,
  inspect: (run: EngineRun, scratchDir: string | undefined) => T | Promise<T>,
  options: RunOptions = {},
): Promise<T> {
  if (grant.names.length === 0)
    return await inspect(await runProgram(program, inputs, limits, [], options), undefined)
  const scratchDir = makeFolder('run')
  let engines: EngineInstance[] = []
  let disposed = false
  const dispose = async () => {
    if (disposed) return
    disposed = true
    await Promise.allSettled(engines.map((engine) => engine.dispose()))
  }
  try {
    const stager = inputFiles.stagerFor(scratchDir)
    engines = createEngines(grant.names, {
      limits: {
        cpuMs: limits.cpuMs,
        wallMs: limits.wallMs,
        memoryMb: limits.memoryMb,
        workers: grant.workers,
        diskMb: grant.diskMb,
        ...(grant.jobResultKb !== undefined && { jobResultKb: grant.jobResultKb }),
        ...(grant.jobResultRecords !== undefined && { jobResultRecords: grant.jobResultRecords }),
      },
      program,
      scratchDir,
      runnerClass: grant.runnerClass,
      inputFiles: stager,
    })
    const run: EngineRun = await runProgram(
      program,
      inputs,
      limits,
      [inputStaging(stager), ...engines],
      options,
    )
    await dispose()
    run.counters = mergeCounters(engines)
    // Worker isolates hold memory of the run too: the peak is the run's, not only the main isolate's.
    run.peakBytes = Math.max(run.peakBytes, ...engines.map((engine) => engine.peakBytes?.() ?? 0))
    const timeline = engines.flatMap((engine) => engine.timeline?.() ?? [])
    if (timeline.length > 0) run.timeline = timeline
    // Capped here, in the child: a learner's thousand actions never cross to the trial's process.
    const graphs = engines.flatMap((engine) => engine.jobGraphs?.() ?? [])
    const jobGraphs = boundJobGraphs(
      graphs.flatMap((answer) => answer.jobs),
      graphs.reduce((sum, answer) => sum + answer.dropped, 0),
    )
    if (jobGraphs) run.jobGraphs = jobGraphs
    // Awaited here: the check reads the folder, which goes in the finally.
    return await inspect(run, scratchDir)
  } finally {
    await dispose()
    removeFolder(scratchDir)
  }
}

/**
 * Links call k's input files into the scratch folder in its `beforeCall(k)`, first of the run's
 * extensions, before the call's clock starts: whatever engine reads the folder (disk, mapreduce's file
 * inputs) finds a call's input only from that call on. The disk engine stages too (staging is done
 * once per call), so it can admit the names as read-only inputs whatever the order.
 */
function inputStaging(stager: NonNullable<EngineRunOptions['inputFiles']>): IsolateExtension {
  return {
    name: 'inputs',
    // No host function at all: it must not take the disk engine's fast synchronous calls away.
    synchronous: true,
    async install() {},
    beforeCall(index) {
      stager.stage(index)
    },
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
