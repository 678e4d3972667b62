import type { z } from 'zod'
import type { CaseSize } from './caseSize.ts'
import type { jobGraphSchema, jobGraphsSchema, stageNodeSchema } from './jobGraphSchema.ts'
import type {
  cpuProfileSchema,
  hotLineSchema,
  profileFrameSchema,
  profileResultSchema,
  profileSideSchema,
} from './profileSchema.ts'
import type {
  clockSchema,
  gradeModeSchema,
  gradeResultSchema,
  parallelScalingSchema,
  perfCaseResultSchema,
  perfResultSchema,
  runMetricsSchema,
  testResultSchema,
  tierSchema,
  timelineEntrySchema,
  verdictSchema,
} from './resultSchema.ts'

// The result types are inferred from the result contract (resultSchema.ts): change them there.
export { VERDICTS } from './resultSchema.ts'
export type Verdict = z.infer<typeof verdictSchema>
export type Tier = z.infer<typeof tierSchema>
/** See `clockSchema`: `cpu`, `wall` or `counter:<name>`. */
export type Clock = z.infer<typeof clockSchema>
export type GradeMode = z.infer<typeof gradeModeSchema>
export type TimelineEntry = z.infer<typeof timelineEntrySchema>
export type RunMetrics = z.infer<typeof runMetricsSchema>
export type TestResult = z.infer<typeof testResultSchema>
export type PerfCaseResult = z.infer<typeof perfCaseResultSchema>
export type PerfResult = z.infer<typeof perfResultSchema>
export type ParallelScaling = z.infer<typeof parallelScalingSchema>
export type GradeResult = z.infer<typeof gradeResultSchema>
export type CpuProfileSummary = z.infer<typeof cpuProfileSchema>
export type ProfileFrame = z.infer<typeof profileFrameSchema>
export type HotLine = z.infer<typeof hotLineSchema>
export type JobGraphs = z.infer<typeof jobGraphsSchema>
export type JobGraph = z.infer<typeof jobGraphSchema>
export type StageNode = z.infer<typeof stageNodeSchema>
export type ProfileSide = z.infer<typeof profileSideSchema>
export type ProfileResult = z.infer<typeof profileResultSchema>

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
    /** Most a mapreduce job's output or a dataset action's result may bring back to the main function; the memory limit when absent. */
    jobResultKb?: number
    /** Most records a dataset action may bring back to the main function. */
    jobResultRecords?: number
  }
  perf: {
    /** Smallest first: the last is the largest. */
    cases: { name: string; size: CaseSize }[]
    warmupSize: CaseSize
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
  /**
   * Full mode: after the trial, one untimed profiled run of the submission and the reference on the
   * largest perf case (`GradeResult.profile`). True unless set false (the benchmark's baseline).
   */
  profile?: boolean
  /**
   * Full mode: an earlier grading of this same source on this same challenge version, Accepted with a
   * measurement too noisy to rank (a runner's second grading). Its tests and its profile stand (the
   * second grading is for a better measurement, and tests are not one); the trial measures again,
   * pooling its rounds with the new ones.
   */
  remeasure?: Pick<GradeResult, 'status' | 'tests' | 'perf' | 'profile'>
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
  /** The untimed profile round after the trial (issue 18.1): no score changes from here on. */
  | { phase: 'profiling'; caseName: string }
  | { phase: 'done'; status: Verdict }
