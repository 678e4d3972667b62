import type ivm from 'isolated-vm'
import type { RunOutcome } from './outcome.ts'

/** Limits of one program run; every run gets a fresh isolate. */
export interface IsolateLimits {
  /** CPU time of the isolate over the whole run (module evaluation and every call). */
  cpuMs: number
  /**
   * Wall time of the whole run, promises included; enforced by a watchdog that disposes the isolate.
   * Time the run's threads spent queued for a core (a machine busier than its cores) is not counted,
   * up to WALL_CEILING_FACTOR times this in all (runProgram.ts).
   */
  wallMs: number
  /** V8 heap plus ArrayBuffers (isolated-vm's `memoryLimit`). */
  memoryMb: number
  /** Captured console output; the rest is dropped and counted. */
  outputBytes: number
  /** Size of each value returned by the program. */
  resultBytes: number
}

/**
 * The most wall time a run may take, in multiples of its `wallMs`, however long its threads were
 * queued for a core: a starved run is given back the time the machine took from it, never forever.
 * Pool deadlines of runs allow for it.
 */
export const WALL_CEILING_FACTOR = 5

/** What a run does besides calling the entry. */
export interface RunOptions {
  /**
   * Record a CPU profile of call `call` (0-based), sampled every `intervalUs`, into `ProgramRun.profile`
   * (see callProfiler.ts: the call is made asynchronously, and should be the run's first).
   * `cutAfterMs`: a call still running after this much wall time has its profile taken there, so a run
   * that then ends in TimeLimit still shows where its time went (a profile cut short).
   */
  profile?: { call: number; intervalUs: number; cutAfterMs?: number }
}

/** JavaScript compiled for the isolate: a script that defines `globalName` as the module's exports. */
export interface IsolateProgram {
  code: string
  /** File name that stack traces show, e.g. `solution.ts`. */
  filename: string
  /** esbuild's JSON source map, so errors point at the learner's own lines. */
  sourceMap?: string
  /** Global the script assigns its exports to (esbuild `globalName`). */
  globalName: string
  /** Export to call. */
  entry: string
}

/**
 * Trusted host code that gives one run's isolate more than ECMAScript: the engines a challenge grants.
 * `install` runs on the fresh context before the program's module is evaluated; it must expose only
 * copied values and `ivm.Callback`s (never a `Reference` or `ExternalCopy`) under
 * `globalThis.__arena_engines[<engine name>]`, whose own properties are the engine module's named
 * exports (`import { disk } from 'arena:disk'` reads `__arena_engines.disk.disk`).
 */
export interface IsolateExtension {
  name: string
  install(target: { isolate: ivm.Isolate; context: ivm.Context }): Promise<void>
  /**
   * A fault the engine saw that ends the run whatever the guest did with it (e.g. a pool worker that
   * ran out of memory): it becomes the run's outcome, before the guest's own error or result.
   */
  failure?(): Exclude<RunOutcome, { status: 'ok' }> | undefined
  /** Called before each call of the entry, before its clock starts (engines reset per-call counters). */
  beforeCall?(index: number): void
  /** Called after each call of the entry with its clocks (an engine may fold the guest's own CPU time into a counter). */
  afterCall?(index: number, measured: { cpuNs: number; wallNs: number }): void
  /**
   * Cumulative CPU time (ns) this engine has spent ON THE HOST on the guest's behalf in this run
   * (tensor ops, copying gpu jobs, sorting a shuffle, worker isolates' CPU). runProgram counts it with
   * the isolate's own CPU against `cpuMs` (a host watchdog stops the run when the sum passes it) and
   * reports each call's share as `engineCpuNs`. Time synchronous host work by the thread's CPU
   * (`hostWorkClockNs`, two reads of /proc: ~20-40 µs) where the work is larger than that (on a busy
   * machine its wall time is mostly waiting for a core), else with process.hrtime.
   */
  hostCpuNs?(): number
  /**
   * What the engine is running now on the guest's behalf ("running task 2 (`spin`) on pool worker 0"),
   * if anything: a message about the CPU limit names it rather than the entry the guest awaits in.
   */
  activity?(): string | undefined
  /**
   * Every host function of this engine answers synchronously (the disk engine). When all extensions of
   * a run say so, the entry is called on this thread (applySync), so each host call costs about half a
   * microsecond instead of a hop between threads (10-60 µs on a busy machine): what made 1 MiB disk
   * reads 2-3x slower than plain `fs`.
   */
  synchronous?: boolean
}
