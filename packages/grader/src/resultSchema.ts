// The grade result contract: what the grader returns, the runner sends, the server stores and serves,
// and the page reads. The TypeScript types are inferred from these schemas (types.ts re-exports them),
// so a field renamed here fails the typecheck of every reader, the web app included.
//
// Change the shape compatibly (a new optional field) within a version; anything else bumps
// GRADE_RESULT_VERSION and teaches readGradeResult.ts to read the older version.
import { z } from 'zod'
import { caseSizeSchema } from './caseSize.ts'
import { jobGraphsSchema } from './jobGraphSchema.ts'
import { profileResultSchema } from './profileSchema.ts'

/** The version of the shape below; stored results carry it (`GradeResult.version`). */
export const GRADE_RESULT_VERSION = 1

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

export const verdictSchema = z.enum(VERDICTS)

export const tierSchema = z.enum(['gold', 'silver', 'bronze'])

/**
 * What the performance trial times: `cpu`, the isolate's CPU time; `wall`, wall time (engines working
 * outside the isolate); `counter:<name>`, an engine counter in ns that isolates the lesson's cost,
 * e.g. `counter:kernelAndCodeNs` (GPU kernel time + the code's own CPU time) or
 * `counter:slowestReduceNs` (the slowest reducer).
 */
export const clockSchema = z.union([
  z.literal('cpu'),
  z.literal('wall'),
  z.templateLiteral([z.literal('counter:'), z.string()]),
])

/** What the granted engines counted over one run, by counter name (see each engine's `counters()`). */
export const engineCountersSchema = z.record(z.string(), z.number())

/** One task on one worker, in ns from the start of the run (pool, mapreduce, gpu kernels). */
export const timelineEntrySchema = z.object({
  worker: z.number(),
  start: z.number(),
  end: z.number(),
  label: z.string(),
})

export const runMetricsSchema = z.object({
  cpuNs: z.number(),
  wallNs: z.number(),
  /** Peak of (V8 heap committed + ArrayBuffers), see packages/sandbox/README.md. */
  peakBytes: z.number(),
  /** What the granted engines counted over the run (e.g. bytesRead, tasks); absent without engines. */
  counters: engineCountersSchema.optional(),
  /** Tasks per worker in ns from the start of the run, when an engine reports them (the pool). */
  timeline: z.array(timelineEntrySchema).optional(),
})

export const testResultSchema = z.object({
  name: z.string(),
  kind: z.enum(['sample', 'hidden', 'generated']),
  status: verdictSchema,
  message: z.string().optional(),
  /** `message` in Korean, when the challenge's check gave both languages (the page picks one). */
  messageKo: z.string().optional(),
  /** Sample tests only: excerpts a learner can act on. */
  input: z.string().optional(),
  /** `input` in Korean, when the challenge's `describe` gave both languages. */
  inputKo: z.string().optional(),
  expected: z.string().optional(),
  actual: z.string().optional(),
  /** Captured console output (samples only), truncated to the challenge's outputKb. */
  output: z.string().optional(),
  metrics: runMetricsSchema.optional(),
})

/** One side of a perf case: medians over the rounds. */
export const perfSideSchema = z.object({
  medianNs: z.number(),
  peakBytes: z.number(),
  /** Per engine counter, the median over the rounds (disk: the timed call only). */
  counters: engineCountersSchema.optional(),
  /**
   * An engine that plans its work as stages (dataset): the timed call's jobs as DAGs with per-stage
   * counters, from the case's last round, capped (jobGraphSchema.ts, boundJobGraphs.ts).
   */
  jobGraphs: jobGraphsSchema.optional(),
})

export const interval = z.tuple([z.number(), z.number()])

export const perfCaseResultSchema = z.object({
  name: z.string(),
  /** generate's size for the case: a whole number, or named parameters (`{ n, w }`). */
  size: caseSizeSchema,
  /**
   * Median of the per-round ratios reference time / submission time; > 1 means faster than the
   * reference. Not the ratio of the two medians below: each round compares the two runs of that round.
   */
  ratio: z.number(),
  /** 95% interval of the median ratio (distribution-free, from order statistics). */
  interval,
  /** Half-width of the interval relative to the ratio, e.g. 0.02 for ±2%. */
  spread: z.number(),
  /** Rounds behind `ratio` and `interval`, `carriedRounds` among them. */
  rounds: z.number(),
  /**
   * Each round's two times on the challenge's clock, in the order they were measured (carried rounds
   * first): the ratio is the median of referenceNs / submissionNs. Absent from results graded before
   * they were kept.
   */
  roundTimes: z.array(z.object({ referenceNs: z.number(), submissionNs: z.number() })).optional(),
  /**
   * Rounds taken over from an earlier trial of the same code on the same challenge: a runner grades a
   * measurement too noisy to rank once more and pools the two trials' rounds rather than drawing anew.
   */
  carriedRounds: z.number().optional(),
  submission: perfSideSchema,
  reference: perfSideSchema,
  /** submission peak / reference peak; < 1 means leaner than the reference. */
  memoryRatio: z.number(),
})

export const perfResultSchema = z.object({
  clock: clockSchema,
  /**
   * Geometric mean of the capped per-case ratios. Undefined when the trial's times say nothing about
   * the lesson (a GPU challenge timed on a software GPU): the cases keep their times, `note` says why.
   */
  score: z.number().optional(),
  /** Per-case ratios are clamped to [1/cap, cap] before the mean. */
  cap: z.number(),
  /** Undefined exactly when `score` is. */
  tier: tierSchema.optional(),
  memoryRatio: z.number(),
  cases: z.array(perfCaseResultSchema),
  /** Why this trial has no score or tier, for the learner (e.g. timed on a software GPU). */
  note: z.string().optional(),
  /**
   * 95% interval of `score`: the geometric means of the capped per-case interval ends. The tier is
   * decided by it, not by the point (see trial/tierDecision.ts).
   */
  interval: interval.optional(),
  /** The interval still crosses a tier line after the rounds the budget allowed: `tier` is the one its upper end reaches. */
  withinNoise: z.literal(true).optional(),
  /** For the learner, in English, when `withinNoise`: e.g. "gold within the measurement noise: ...". */
  tierNote: z.string().optional(),
  /**
   * The measurement was unusable: the interval crosses a tier line and is wider than ±15%, also after
   * the runner graded the submission once more (the two trials' rounds pooled: `carriedRounds`).
   * Boards should not rank by this result's score.
   */
  noisy: z.boolean().optional(),
  /** The time budget of the whole trial (all cases), and what it took. */
  budgetMs: z.number().optional(),
  spentMs: z.number().optional(),
  /** The budget ended the trial before its intervals were as narrow as the challenge asks. */
  cutShort: z.literal(true).optional(),
})

/**
 * How a parallel submission scales (challenges granting more than one pool worker): the submission on
 * all its workers against itself on one, on the largest perf case.
 */
export const parallelScalingSchema = z.object({
  caseName: z.string(),
  /** Workers the submission ran on: the challenge's limit, capped by the runner's cores. */
  workers: z.number(),
  /** one-worker time / all-workers time (median over interleaved rounds). */
  speedup: z.number(),
  /** 95% interval of the speedup. */
  interval,
  /** speedup / workers: 1 is perfect scaling. */
  efficiency: z.number(),
  ns: z.number(),
  oneWorkerNs: z.number(),
})

/**
 * `samples`: sample tests only, no performance trial (the "Run" button); `full`: samples, hidden and
 * generated tests, then the performance trial ("Submit"); `tests`: all tests but no performance trial.
 */
export const gradeModeSchema = z.enum(['samples', 'full', 'tests'])

/** Exercism-like result (`status`, `tests[]`), extended with metrics and perf. */
export const gradeResultSchema = z.object({
  version: z.literal(GRADE_RESULT_VERSION),
  challenge: z.string(),
  packHash: z.string(),
  mode: gradeModeSchema,
  status: verdictSchema,
  /** What to fix first, for any status but Accepted. */
  message: z.string().optional(),
  /** `message` in Korean, when it repeats a sample's bilingual check message (see `messageKo` of a test). */
  messageKo: z.string().optional(),
  /** Where a compile or runtime error points in the learner's file. */
  location: z.object({ line: z.number(), column: z.number() }).optional(),
  tests: z.array(testResultSchema),
  /** The submission's measurements on the largest perf case (or the last test when no trial ran). */
  metrics: runMetricsSchema.optional(),
  perf: perfResultSchema.optional(),
  /** Parallel challenges: the submission's speedup over one worker, and its efficiency. */
  parallel: parallelScalingSchema.optional(),
  /** Full Submits: CPU profiles of an extra, untimed run on the largest perf case (profileSchema.ts). */
  profile: profileResultSchema.optional(),
  tier: tierSchema.optional(),
  runner: z.object({ class: z.string(), host: z.string() }),
  durationMs: z.number(),
})
