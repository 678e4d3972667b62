import { describe, expect, it } from 'vitest'
import { checkActionPlan, MAX_PARTITIONS, PlanError } from './planNodes.ts'
import { MAX_STAGES, planStages } from './planStages.ts'

type RawNode = Record<string, unknown> & { id: number; op: string; parents: number[] }

function node(id: number, op: string, parents: number[] = [], extra: Record<string, unknown> = {}): RawNode {
  const fns = { map: 1, filter: 1, reduceByKey: 1, sortBy: 1 }[op] ?? 0
  return { id, op, parents, fns: Array.from({ length: fns }, () => '(x) => x'), cached: false, ...extra }
}

const context = (cached: number[] = []) => ({
  sourcePartitions: () => 4,
  cacheComplete: (id: number) => cached.includes(id),
})

function plan(nodes: RawNode[], action: Record<string, unknown> = { kind: 'count' }) {
  return checkActionPlan({ action, target: nodes[nodes.length - 1]?.id, nodes })
}

describe('checkActionPlan', () => {
  it('refuses a cycle or an edge to a node that is not computed before', () => {
    const cyclic = [node(1, 'array', [], { array: 1 }), node(2, 'map', [3]), node(3, 'map', [2])]
    expect(() => plan(cyclic)).toThrow(PlanError)
    expect(() => plan(cyclic)).toThrow(/cycle or a dangling edge: node 2 depends on node 3/)
    expect(() => plan([node(1, 'map', [1])])).toThrow(/cycle/)
  })

  it('refuses absurd partition counts, unknown ops and wrong function counts', () => {
    const source = node(1, 'array', [], { array: 1 })
    expect(() => plan([source, node(2, 'groupByKey', [1], { partitions: MAX_PARTITIONS + 1 })])).toThrow(
      /partitions must be a whole number from 1 to 4096, got 4097/,
    )
    expect(() => plan([source, node(2, 'groupByKey', [1], { partitions: 1.5 })])).toThrow(/partitions/)
    expect(() => plan([source, node(2, 'explode', [1])])).toThrow(/unknown op/)
    expect(() => plan([source, { ...node(2, 'map', [1]), fns: [] }])).toThrow(/must have 1 function/)
    expect(() => plan([source, node(2, 'join', [1])])).toThrow(/must have 2 parent/)
  })
})

describe('planStages', () => {
  it('pipelines narrow ops into one stage and cuts at each wide op', () => {
    const nodes = [
      node(1, 'read', [], { file: 'a.txt', format: 'lines' }),
      node(2, 'map', [1]),
      node(3, 'filter', [2]),
      node(4, 'reduceByKey', [3], { partitions: 3 }),
      node(5, 'map', [4]),
    ]
    const { stages, counts } = planStages(plan(nodes), context())
    expect(stages.map((s) => [s.parents, s.transformations, s.partitions])).toEqual([
      [[], ['read a.txt (lines)', 'map', 'filter', 'reduceByKey (map side)'], 4],
      [[0], ['reduceByKey (reduce side)', 'map', 'count'], 3],
    ])
    expect(counts.get(5)).toBe(3)
  })

  it('a sortBy samples its keys in a stage of its own before the shuffle', () => {
    const nodes = [node(1, 'array', [], { array: 1 }), node(2, 'sortBy', [1])]
    const { stages } = planStages(plan(nodes, { kind: 'collect' }), context())
    expect(stages.map((s) => [s.output.kind, s.parents])).toEqual([
      ['sample', []],
      ['shuffle', [0]],
      ['action', [1]],
    ])
  })

  it('a complete cached dataset is read instead of its lineage; an incomplete one is computed and tapped', () => {
    const nodes = [
      node(1, 'read', [], { file: 'a.txt', format: 'lines' }),
      node(2, 'map', [1], { cached: true }),
      node(3, 'filter', [2]),
    ]
    const hit = planStages(plan(nodes), context([2])).stages
    expect(hit).toHaveLength(1)
    expect(hit[0]?.input).toEqual({ kind: 'cache', node: 2 })
    expect(hit[0]?.ops).toEqual([{ kind: 'filter', node: 3 }])
    const miss = planStages(plan(nodes), context()).stages
    expect(miss[0]?.ops).toEqual([
      { kind: 'map', node: 2 },
      { kind: 'tap', node: 2 },
      { kind: 'filter', node: 3 },
    ])
  })

  it('refuses a job past the stage limit with a hint to cache', () => {
    const nodes: RawNode[] = [node(1, 'array', [], { array: 1 })]
    for (let id = 2; id <= MAX_STAGES + 2; id++) nodes.push(node(id, 'groupByKey', [id - 1]))
    expect(() => planStages(plan(nodes), context())).toThrow(/more than 500 stages.*cache\(\)/)
  })
})
