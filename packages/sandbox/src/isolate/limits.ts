/** Limits of one program run; every run gets a fresh isolate. */
export interface IsolateLimits {
  /** CPU time of the isolate over the whole run (module evaluation and every call). */
  cpuMs: number
  /** Wall time of the whole run, promises included; enforced by a watchdog that disposes the isolate. */
  wallMs: number
  /** V8 heap plus ArrayBuffers (isolated-vm's `memoryLimit`). */
  memoryMb: number
  /** Captured console output; the rest is dropped and counted. */
  outputBytes: number
  /** Size of each value returned by the program. */
  resultBytes: number
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
