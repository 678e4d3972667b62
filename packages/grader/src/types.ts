import type { TimelineEntry } from '@arena/engines'

/** Outcomes of a grading, in the order a learner would want them fixed. */
export const VERDICTS = [
  'Accepted',
  'WrongAnswer',
  'TimeLimit',
  'MemoryLimit',
  'RuntimeError',
  'CompileError',
  'InternalError',
] as const
export type Verdict = (typeof VERDICTS)[number]

export type Tier = 'gold' | 'silver' | 'bronze'

/**
 * What the performance trial times: `cpu`, the isolate's CPU time; `wall`, wall time (engines working
 * outside the isolate); `counter:<name>`, an engine counter in ns that isolates the lesson's cost,
 * e.g. `counter:kernelAndCodeNs` (GPU kernel time + the code's own CPU time) or
 * `counter:slowestReduceNs` (the slowest reducer).
 */
export type Clock = 'cpu' | 'wall' | `counter:${string}`

/** What the grader needs to know of a challenge; `@arena/packs` builds it from a challenge folder. */
export interface GradableChallenge {
  /** `<pack>/<challenge>` */
  id: string
  /** Content hash of the pack version the challenge came from (recorded in results). */
  packHash: string
  entry: string
  clock: Clock
  /** Engines granted to learner code (`import { disk } from 'arena:disk'`); see @arena/engines. */
  engines: string[]
  /** Runner kinds it is graded on (`cpu`, `gpu`); any runner when absent. */
  runners?: string[]
  limits: {
    cpuMs: number
    wallMs: number
    memoryMb: number
    outputKb: number
    resultMb: number
    /** Worker isolates the pool engine may start. */
    workers: number
    /** Scratch disk quota of the disk engine, per run. */
    diskMb: number
  }
  perf: {
    cases: { name: string; size: number }[]
    warmupSize: number
    minRounds: number
    maxRounds: number
    targetSpread: number
    budgetMs: number
  }
  /** Absolute path of tests.ts (trusted instructor code, bundled by the grader). */
  testsFile: string
  /** TypeScript source of the instructor's reference solution. */
  referenceSource: string
}

export type GradeMode =
  /** Sample tests only, no performance trial: the "Run" button. */
  | 'samples'
  /** Samples, hidden and generated tests, then the performance trial: "Submit". */
  | 'full'
  /** All tests but no performance trial. */
  | 'tests'

export interface GradeRequest {
  challenge: GradableChallenge
  source: string
  /** Shown in compile and runtime errors, e.g. `solution.ts`. */
  filename?: string
  mode: GradeMode
  /** Seeds the generated tests and the perf rounds; secret, never shown. Random when omitted. */
  secretSeed?: number
  onProgress?: (event: ProgressEvent) => void
  /** Aborts the grading (queue cancellation); the result is an InternalError. */
  signal?: AbortSignal
}

export type ProgressEvent =
  | { phase: 'compiling' }
  | { phase: 'testing'; done: number; total: number; name: string }
  | {
      phase: 'perf'
      caseName: string
      round: number
      maxRounds: number
      casesDone: number
      casesTotal: number
    }
  | { phase: 'done'; status: Verdict }

export interface RunMetrics {
  cpuNs: number
  wallNs: number
  /** Peak of (V8 heap committed + ArrayBuffers), see packages/sandbox/README.md. */
  peakBytes: number
  /** What the granted engines counted over the run (e.g. bytesRead, tasks); absent without engines. */
  counters?: Record<string, number>
  /** Tasks per worker in ns from the start of the run, when an engine reports them (the pool). */
  timeline?: TimelineEntry[]
}

export interface TestResult {
  name: string
  kind: 'sample' | 'hidden' | 'generated'
  status: Verdict
  message?: string
  /** Sample tests only: excerpts a learner can act on. */
  input?: string
  expected?: string
  actual?: string
  /** Captured console output (samples only), truncated to the challenge's outputKb. */
  output?: string
  metrics?: RunMetrics
}

export interface PerfCaseResult {
  name: string
  size: number
  /** Median of reference time / submission time over the rounds; > 1 means faster than the reference. */
  ratio: number
  /** 95% interval of the median ratio (distribution-free, from order statistics). */
  interval: [number, number]
  /** Half-width of the interval relative to the ratio, e.g. 0.02 for ±2%. */
  spread: number
  rounds: number
  /** `counters`: per engine counter, the median over the rounds (disk: the timed call only). */
  submission: { medianNs: number; peakBytes: number; counters?: Record<string, number> }
  reference: { medianNs: number; peakBytes: number; counters?: Record<string, number> }
  /** submission peak / reference peak; < 1 means leaner than the reference. */
  memoryRatio: number
}

export interface PerfResult {
  clock: Clock
  /** Geometric mean of the capped per-case ratios. */
  score: number
  /** Per-case ratios are clamped to [1/cap, cap] before the mean. */
  cap: number
  tier: Tier
  memoryRatio: number
  cases: PerfCaseResult[]
}

/**
 * How a parallel submission scales (challenges granting more than one pool worker): the submission on
 * all its workers against itself on one, on the largest perf case.
 */
export interface ParallelScaling {
  caseName: string
  /** Workers the submission ran on: the challenge's limit, capped by the runner's cores. */
  workers: number
  /** one-worker time / all-workers time (median over interleaved rounds). */
  speedup: number
  /** 95% interval of the speedup. */
  interval: [number, number]
  /** speedup / workers: 1 is perfect scaling. */
  efficiency: number
  ns: number
  oneWorkerNs: number
}

/** Exercism-like result (`status`, `tests[]`), extended with metrics and perf. */
export interface GradeResult {
  version: 1
  challenge: string
  packHash: string
  mode: GradeMode
  status: Verdict
  /** What to fix first, for any status but Accepted. */
  message?: string
  /** Where a compile or runtime error points in the learner's file. */
  location?: { line: number; column: number }
  tests: TestResult[]
  /** The submission's measurements on the largest perf case (or the last test when no trial ran). */
  metrics?: RunMetrics
  perf?: PerfResult
  /** Parallel challenges: the submission's speedup over one worker, and its efficiency. */
  parallel?: ParallelScaling
  tier?: Tier
  runner: { class: string; host: string }
  durationMs: number
}
