import type { EngineJobGraph } from '@arena/engines'
import type { JobGraphs } from './types.ts'

/**
 * Ceilings on the job DAGs one side of a perf case carries. A learner's code decides how many actions
 * it runs (hundreds, each up to 500 stages) and the labels of its files: without these a result could
 * grow to megabytes. Under 100 KB a side at worst (a real job is a few KB); the engine's own counters
 * still sum every stage.
 */
export const JOB_GRAPH_BOUNDS = {
  jobs: 12,
  /** Stages over all kept jobs. */
  stages: 40,
  transformationsPerStage: 12,
  transformationChars: 80,
  countersPerStage: 32,
} as const

/**
 * The first jobs and stages within JOB_GRAPH_BOUNDS, with what was left out (`droppedJobs`: jobs the
 * engine itself did not keep); undefined when there are none.
 */
export function boundJobGraphs(jobs: readonly EngineJobGraph[], droppedJobs = 0): JobGraphs | undefined {
  if (jobs.length === 0) return undefined
  const dropped = {
    jobs: droppedJobs + Math.max(0, jobs.length - JOB_GRAPH_BOUNDS.jobs),
    stages: 0,
    transformations: 0,
    counters: 0,
  }
  let stagesLeft: number = JOB_GRAPH_BOUNDS.stages
  const kept: JobGraphs['jobs'] = []
  for (const job of jobs.slice(0, JOB_GRAPH_BOUNDS.jobs)) {
    if (stagesLeft === 0) {
      dropped.jobs++
      dropped.stages += job.stages.length
      continue
    }
    const stages = job.stages.slice(0, stagesLeft)
    dropped.stages += job.stages.length - stages.length
    stagesLeft -= stages.length
    kept.push({
      id: job.id,
      action: clip(job.action),
      planNs: job.planNs,
      wallNs: job.wallNs,
      stages: stages.map((stage) => {
        const transformations = stage.transformations.slice(0, JOB_GRAPH_BOUNDS.transformationsPerStage)
        dropped.transformations += stage.transformations.length - transformations.length
        const counters = Object.entries(stage.counters).filter(([, value]) => Number.isFinite(value))
        dropped.counters += Math.max(0, counters.length - JOB_GRAPH_BOUNDS.countersPerStage)
        return {
          id: stage.id,
          kind: clip(stage.kind),
          parents: stage.parents.slice(0, JOB_GRAPH_BOUNDS.stages),
          transformations: transformations.map(clip),
          counters: Object.fromEntries(counters.slice(0, JOB_GRAPH_BOUNDS.countersPerStage)),
        }
      }),
    })
  }
  const anyDropped = Object.values(dropped).some((count) => count > 0)
  return anyDropped ? { jobs: kept, dropped } : { jobs: kept }
}

/** A label cut to its ceiling: a file name is the learner's to choose. */
function clip(text: string): string {
  const max = JOB_GRAPH_BOUNDS.transformationChars
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/** boundJobGraphs again on what already crossed (boundResult holds end to end), adding up what both left out. */
export function reboundJobGraphs(graphs: JobGraphs): JobGraphs | undefined {
  const bounded = boundJobGraphs(graphs.jobs)
  if (!bounded || !graphs.dropped) return bounded
  const before = graphs.dropped
  const now = bounded.dropped ?? { jobs: 0, stages: 0, transformations: 0, counters: 0 }
  return {
    jobs: bounded.jobs,
    dropped: {
      jobs: before.jobs + now.jobs,
      stages: before.stages + now.stages,
      transformations: before.transformations + now.transformations,
      counters: before.counters + now.counters,
    },
  }
}
