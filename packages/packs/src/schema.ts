import { caseSizeMismatch, caseSizeUnion } from '@arena/grader/result'
import { z } from 'zod'
import { ENGINES, RUNNERS, TOPICS, topicLines } from './vocabulary.ts'

export { ENGINES, RUNNERS, TOPICS }

// `.describe()` texts end up in the generated JSON Schemas, which is what editors show on hover.

const slug = z
  .string()
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    'use lower-case letters, digits and single dashes (e.g. "external-sort")',
  )

function unique<T>(items: readonly T[]): boolean {
  return new Set(items).size === items.length
}

export const limitsSchema = z
  .strictObject({
    cpuMs: z.number().int().positive().max(600_000).describe('CPU time for one run of the solution'),
    wallMs: z.number().int().positive().max(600_000).describe('Wall time for one run, promises included'),
    memoryMb: z.number().int().min(8).max(4096).describe('Heap plus ArrayBuffers of one run'),
    outputKb: z.number().int().positive().max(1024).default(64).describe('Captured console output'),
    resultMb: z.number().int().positive().max(1024).default(256).describe('Size of the returned value'),
    workers: z.number().int().min(1).max(64).default(1).describe('Worker isolates the pool engine may start'),
    diskMb: z.number().int().min(0).max(65_536).default(0).describe('Scratch disk quota of the disk engine'),
    jobResultKb: z
      .number()
      .int()
      .positive()
      .max(1_048_576)
      .optional()
      .describe(
        "Most a mapreduce job's output, or a dataset action's result (collect, take, reduce's partials, treeReduce's last level), may bring back to the main function (Spark's spark.driver.maxResultSize); set it where the answer is far smaller than the data, so the engine cannot be a pipe into solve",
      ),
    jobResultRecords: z
      .number()
      .int()
      .positive()
      .max(1_000_000_000)
      .optional()
      .describe(
        "Most records a dataset action may bring back to the main function (collect's records, take's, reduce's partials, treeReduce's last level); set it where solve should fold only a few partials, since packing partials tighter passes a bound in KB",
      ),
  })
  .refine((limits) => limits.wallMs >= limits.cpuMs, {
    message: 'wallMs must be at least cpuMs',
    path: ['wallMs'],
  })

/** A timed case's size: a positive whole number, or named parameters (`{ n: 2000000, w: 1000 }`). */
const perfSizeSchema = caseSizeUnion(z.number().int().positive())

export const perfCaseSchema = z.strictObject({
  name: slug.describe('Shown in results, e.g. "1m-rows"'),
  size: perfSizeSchema.describe(
    'Passed to generate(seed, size) in tests.ts: a whole number, or named parameters such as { n: 2000000, w: 1000 }',
  ),
})

type PerfSizes = {
  cases: { size: number | Record<string, number> }[]
  warmupSize: number | Record<string, number>
}

/**
 * generate() reads one shape of size, so every case and the warm-up agree on it; plain sizes are listed
 * smallest first, because the last case is taken as the largest (the report's evidence, the scaling
 * measure, the profile).
 */
function checkPerfSizes(perf: PerfSizes, ctx: z.RefinementCtx): void {
  const [first] = perf.cases
  if (!first) return
  perf.cases.forEach((perfCase, index) => {
    const mismatch = caseSizeMismatch(first.size, perfCase.size)
    if (mismatch)
      ctx.addIssue({ code: 'custom', message: `this size ${mismatch}`, path: ['cases', index, 'size'] })
    const previous = perf.cases[index - 1]?.size
    if (typeof previous === 'number' && typeof perfCase.size === 'number' && perfCase.size < previous) {
      ctx.addIssue({
        code: 'custom',
        message: `list the cases smallest first: ${perfCase.size} comes after ${previous}`,
        path: ['cases', index, 'size'],
      })
    }
  })
  const warmupMismatch = caseSizeMismatch(first.size, perf.warmupSize)
  if (warmupMismatch)
    ctx.addIssue({ code: 'custom', message: `this size ${warmupMismatch}`, path: ['warmupSize'] })
}

export const perfSchema = z
  .strictObject({
    cases: z
      .array(perfCaseSchema)
      .min(1)
      .refine((cases) => unique(cases.map((perfCase) => perfCase.name)), 'case names must be unique')
      .describe('Sizes timed against the reference, smallest first'),
    warmupSize: perfSizeSchema.describe(
      'Size of the untimed warm-up call before each timed call (same shape as the cases)',
    ),
    minRounds: z.number().int().min(3).max(200).default(5),
    maxRounds: z.number().int().min(3).max(500).default(41),
    targetSpread: z
      .number()
      .positive()
      .max(1)
      .default(0.02)
      .describe('Stop adding rounds once the 95% interval of the median ratio is within ±this fraction'),
    budgetMs: z.number().int().positive().default(30_000).describe('Time budget of the trial per case'),
    minBaselineSpeedup: z
      .number()
      .min(1)
      .default(5)
      .describe(
        '`arena pack test` fails when the reference is not this much faster than the baseline on the largest case',
      ),
    maxShuffleShare: z
      .number()
      .positive()
      .max(1)
      .optional()
      .describe(
        "A shuffle lesson (mapreduce or dataset): `arena pack test` fails when the reference's shuffle bytes on the largest case are more than this share of the baseline's (without it, more than 0.5 is a warning)",
      ),
    maxInputShare: z
      .number()
      .positive()
      .max(1)
      .optional()
      .describe(
        "A pushdown lesson (dataset, columnar input): `arena pack test` fails when the reference's inputBytes on the largest case are more than this share of the baseline's, or when it skips no row group by statistics",
      ),
    maxPartitionSkew: z
      .number()
      .min(1)
      .optional()
      .describe(
        "A skew lesson (mapreduce or dataset): `arena pack test` fails when, on the largest case, the reference's most loaded reducer or task gets more than this many times the mean load, or the baseline's does not (a counter:criticalPathNs or counter:slowestReduceNs clock without it holds the reference to 1.5)",
      ),
  })
  .refine((perf) => perf.minRounds <= perf.maxRounds, {
    message: 'maxRounds must be at least minRounds',
    path: ['maxRounds'],
  })
  .superRefine(checkPerfSizes)

/** Share of a challenge's XP a hint costs when its `cost` is not given. */
export const DEFAULT_HINT_COST_SHARE = 0.1

export const hintSchema = z.strictObject({
  text: z.string().trim().min(1).describe('The hint in Markdown'),
  text_ko: z.string().trim().min(1).optional().describe('The hint in Korean'),
  cost: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe("XP the learner gives up to open it (default: a tenth of the challenge's xp)"),
})

export const challengeSchema = z.strictObject({
  id: slug.describe('Must equal the folder name'),
  title: z.string().min(1),
  title_ko: z.string().min(1).optional(),
  topic: z.enum(TOPICS).describe(`The course chapter the challenge belongs to. ${topicLines().join('; ')}`),
  difficulty: z.enum(['easy', 'medium', 'hard']),
  xp: z.number().int().positive().describe('Experience points for a first Accepted'),
  runners: z
    .array(z.enum(RUNNERS))
    .min(1)
    .refine(unique, 'runners must not repeat')
    .default(['cpu'])
    .describe('Runner classes the challenge is graded on'),
  engines: z
    .array(z.enum(ENGINES))
    .refine(unique, 'engines must not repeat')
    .default([])
    .describe('What learner code may use beyond plain JavaScript'),
  entry: z
    .string()
    .regex(/^[A-Za-z_$][\w$]*$/, 'must be a JavaScript identifier')
    .default('solve')
    .describe('Name of the function learner code must export'),
  signature: z
    .string()
    .min(1)
    .describe(
      "TypeScript declarations of the entry function and its types; becomes the learner's editor .d.ts",
    ),
  clock: z
    .union([z.enum(['cpu', 'wall']), z.templateLiteral(['counter:', z.string().regex(/^[A-Za-z][\w.]*$/)])])
    .default('cpu')
    .describe(
      "cpu: the isolate's CPU time; wall: wall time (engines working outside the isolate); counter:<name>: an engine counter in ns, e.g. counter:kernelNs",
    ),
  metric: z.enum(['time', 'memory']).default('time').describe('What ranks submissions on the leaderboard'),
  limits: limitsSchema,
  perf: perfSchema,
  tags: z.array(z.string()).default([]),
  hints: z
    .array(hintSchema)
    .max(10)
    .default([])
    .describe('Ordered from a nudge to a technique: the page opens them one at a time, each for its XP cost'),
})

/** What opening a challenge's hint costs, in XP. */
export function hintCost(challenge: { xp: number }, hint: { cost?: number | undefined }): number {
  return hint.cost ?? Math.max(1, Math.round(challenge.xp * DEFAULT_HINT_COST_SHARE))
}

export const packSchema = z.strictObject({
  id: slug.describe('Must equal the folder name'),
  title: z.string().min(1),
  title_ko: z.string().min(1).optional(),
  description: z.string().default(''),
  version: z.string().default('1'),
  challenges: z
    .array(slug)
    .min(1)
    .refine(unique, 'challenges must not repeat')
    .describe('Challenge folder names in the order learners see them'),
})

export type ChallengeConfig = z.infer<typeof challengeSchema>
export type ChallengeHint = z.infer<typeof hintSchema>
export type ChallengeLimits = z.infer<typeof limitsSchema>
export type PerfConfig = z.infer<typeof perfSchema>
export type PackConfig = z.infer<typeof packSchema>
export type Topic = (typeof TOPICS)[number]
export type Engine = (typeof ENGINES)[number]
