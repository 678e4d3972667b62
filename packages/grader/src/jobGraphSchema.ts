// The job DAGs of an engine that plans its work in stages (the dataset engine's actions), as the grade
// result carries them: per perf case, the timed call's jobs of each side (resultSchema.ts, `jobGraphs`
// of a perf side). Engine-neutral: the grader passes on what EngineInstance.jobGraphs() answers, capped
// by boundJobGraphs.ts.
import { z } from 'zod'

/** One stage: what it runs, the stages it reads from, and its counters (see the engine's README). */
export const stageNodeSchema = z.object({
  id: z.number(),
  /** The engine's word for what the stage ends in (dataset: `shuffleMap`, `sample`, `result`). */
  kind: z.string(),
  /** Ids of the stages whose output this one reads (may name a stage the caps left out). */
  parents: z.array(z.number()),
  /** Its input, its pipelined transformations, its output, in order. */
  transformations: z.array(z.string()),
  counters: z.record(z.string(), z.number()),
})

/** One job (an action) as a DAG of stages. */
export const jobGraphSchema = z.object({
  id: z.number(),
  action: z.string(),
  stages: z.array(stageNodeSchema),
  planNs: z.number(),
  wallNs: z.number(),
})

/** What the caps of boundJobGraphs.ts left out, so the page can say so. */
export const jobGraphsDroppedSchema = z.object({
  jobs: z.number(),
  stages: z.number(),
  transformations: z.number(),
  counters: z.number(),
})

/** The timed call's jobs of one side of a perf case (the last round's). */
export const jobGraphsSchema = z.object({
  jobs: z.array(jobGraphSchema),
  /** Present when something was left out. */
  dropped: jobGraphsDroppedSchema.optional(),
})
