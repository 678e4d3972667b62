// The job DAGs a result carries stay small whatever the learner's code does: a thousand actions, each
// of many stages with long file names, become at most JOB_GRAPH_BOUNDS, with what was left out counted.
import type { EngineJobGraph } from '@arena/engines'
import { describe, expect, it } from 'vitest'
import { boundJobGraphs, JOB_GRAPH_BOUNDS, reboundJobGraphs } from './boundJobGraphs.ts'
import { jobGraphsSchema } from './jobGraphSchema.ts'

function job(id: number, stages: number, label = 'map'): EngineJobGraph {
  return {
    id,
    action: 'count',
    planNs: 1000,
    wallNs: 2000,
    stages: Array.from({ length: stages }, (_, index) => ({
      id: id * 1000 + index,
      kind: index === stages - 1 ? 'result' : 'shuffleMap',
      parents: index === 0 ? [] : [id * 1000 + index - 1],
      transformations: Array.from({ length: 40 }, () => label),
      counters: Object.fromEntries(Array.from({ length: 50 }, (_, c) => [`counter${c}`, c])),
    })),
  }
}

describe('boundJobGraphs', () => {
  it('keeps a small job whole, with no note', () => {
    const small = {
      ...job(1, 2),
      stages: job(1, 2).stages.map((s) => ({
        ...s,
        transformations: ['read a', 'map'],
        counters: { tasks: 4 },
      })),
    }
    expect(boundJobGraphs([small])).toEqual({ jobs: [small] })
    expect(boundJobGraphs([])).toBeUndefined()
  })

  it('cuts a hostile run to the bounds and counts what it left out', () => {
    const hostile = Array.from({ length: 1000 }, (_, i) => job(i + 1, 10, `read ${'x'.repeat(10_000)}.csv`))
    const bounded = boundJobGraphs(hostile)
    if (!bounded) throw new Error('nothing kept')
    const stages = bounded.jobs.flatMap((kept) => kept.stages)
    expect(bounded.jobs.length).toBeLessThanOrEqual(JOB_GRAPH_BOUNDS.jobs)
    expect(stages).toHaveLength(JOB_GRAPH_BOUNDS.stages)
    for (const stage of stages) {
      expect(stage.transformations).toHaveLength(JOB_GRAPH_BOUNDS.transformationsPerStage)
      expect(stage.transformations[0]?.length).toBe(JOB_GRAPH_BOUNDS.transformationChars)
      expect(Object.keys(stage.counters)).toHaveLength(JOB_GRAPH_BOUNDS.countersPerStage)
    }
    // Every job and stage is either kept or counted as left out.
    expect(bounded.jobs.length + (bounded.dropped?.jobs ?? 0)).toBe(1000)
    expect(stages.length + (bounded.dropped?.stages ?? 0)).toBe(
      1000 * 10 - 10 * (1000 - JOB_GRAPH_BOUNDS.jobs),
    )
    expect(bounded.dropped?.transformations).toBe(
      stages.length * (40 - JOB_GRAPH_BOUNDS.transformationsPerStage),
    )
    expect(jobGraphsSchema.parse(bounded)).toEqual(bounded)
    expect(JSON.stringify(bounded).length).toBeLessThan(100_000)
  })

  it('bounding again keeps the first note and adds nothing new', () => {
    const once = boundJobGraphs(Array.from({ length: 20 }, (_, i) => job(i + 1, 3)))
    if (!once) throw new Error('nothing kept')
    expect(reboundJobGraphs(once)).toEqual(once)
  })
})
