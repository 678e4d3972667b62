// Cuts an action's lineage into stages, as Spark's DAG scheduler does: walking up from the action,
// narrow transformations join the stage being built (pipelined: one task runs them all on its
// partition), a wide one ends it (its parents' stages write a shuffle, this stage reads it), and a
// cached dataset whose partitions are all stored ends it too (read from the cache instead of computed).
// Platform-neutral and pure: the engine gives it partition counts and what the cache holds.
import {
  type ActionPlan,
  isNarrow,
  MAX_PARTITIONS,
  type NarrowOp,
  PlanError,
  type PlanNode,
  type WideOp,
} from './planNodes.ts'

/** Most stages one action may run. */
export const MAX_STAGES = 500
/** Most tasks (stages x partitions) one action may run. */
export const MAX_TASKS = 50_000

export type StageInput =
  | { kind: 'read'; node: number }
  | { kind: 'array'; node: number }
  | { kind: 'cache'; node: number }
  /** Shuffle `shuffle`, which wide node `node`'s parents wrote: this stage runs its reduce side first. */
  | { kind: 'shuffle'; node: number; op: WideOp; shuffle: number }
  /**
   * A treeReduce level: task p combines the partials of tasks p*fanIn .. p*fanIn+fanIn-1 of the stage
   * before (`node` is the action's target, for the DAG). The host holds them, one JSON text each.
   */
  | { kind: 'partials'; node: number; level: number; fanIn: number }

/** A narrow transformation of the pipeline, or `tap`: keep the records at this point in the cache. */
export type PipelineOp = { kind: NarrowOp; node: number } | { kind: 'tap'; node: number }

export type StageOutput =
  /** The map side of wide node `node` into shuffle `shuffle`: side 0, or 1 for a join's right parent. */
  | { kind: 'shuffle'; node: number; op: WideOp; side: number; shuffle: number }
  /** Sort keys sampled for the range bounds of a sortBy's shuffle (Spark's RangePartitioner runs such a job). */
  | { kind: 'sample'; node: number; shuffle: number }
  | { kind: 'action' }

export interface PlannedStage {
  /** Index in the job's stage list; the engine gives each a run-wide id as Spark does. */
  index: number
  parents: number[]
  input: StageInput
  ops: PipelineOp[]
  output: StageOutput
  partitions: number
  /** What the stage does, in order, for the DAG: `read corpus.txt`, `map`, `reduceByKey (map side)`. */
  transformations: string[]
}

export interface StagePlanContext {
  /** Partitions of a source node (a file's blocks, fromArray's slices). */
  sourcePartitions(node: PlanNode): number
  /** Whether every one of the `partitions` partitions of cached node `id` is stored. */
  cacheComplete(id: number, partitions: number): boolean
}

/** Output partitions of every node of the plan: sources as told, narrow = parent, wide = asked or the largest parent. */
export function partitionCounts(plan: ActionPlan, context: StagePlanContext): Map<number, number> {
  const counts = new Map<number, number>()
  // Parents have smaller ids (checkActionPlan), so one pass in id order sees them first.
  for (const node of [...plan.nodes.values()].sort((a, b) => a.id - b.id)) {
    let count: number
    if (node.op === 'read' || node.op === 'array') count = context.sourcePartitions(node)
    else if (isNarrow(node.op)) count = counts.get(node.parents[0] as number) ?? 1
    else count = node.partitions ?? Math.max(...node.parents.map((p) => counts.get(p) ?? 1))
    if (count > MAX_PARTITIONS) {
      throw new PlanError(
        `${describeNode(node)} would have ${count} partitions, more than ${MAX_PARTITIONS}; ask for fewer (a larger block per partition)`,
      )
    }
    counts.set(node.id, Math.max(1, count))
  }
  return counts
}

/**
 * The stages of an action, parents before children; the action's own stage is last. A wide node read
 * by two pipelines (a diamond) gets a shuffle per reader, its parents computed for each (only cache()
 * keeps data between stages and actions: see the README), and `counts` are every node's partitions.
 */
export function planStages(
  plan: ActionPlan,
  context: StagePlanContext,
): { stages: PlannedStage[]; counts: Map<number, number> } {
  const counts = partitionCounts(plan, context)
  const stages: PlannedStage[] = []
  let shuffles = 0
  const node = (id: number): PlanNode => plan.nodes.get(id) as PlanNode

  const addStage = (stage: Omit<PlannedStage, 'index'>): number => {
    if (stages.length >= MAX_STAGES) {
      throw new PlanError(
        `this action needs more than ${MAX_STAGES} stages (each wide transformation starts one); cache() an intermediate result to cut the lineage`,
      )
    }
    stages.push({ ...stage, index: stages.length })
    return stages.length - 1
  }

  /** The pipeline that computes node `id`'s partitions: its input, narrow ops, and the stages it waits for. */
  const pipeline = (
    id: number,
  ): { input: StageInput; ops: PipelineOp[]; parents: number[]; names: string[] } => {
    const ops: PipelineOp[] = []
    const names: string[] = []
    let at = node(id)
    for (;;) {
      if (at.cached && context.cacheComplete(at.id, counts.get(at.id) as number)) {
        names.unshift(`cached ${describeNode(at)}`)
        return { input: { kind: 'cache', node: at.id }, ops, parents: [], names }
      }
      // The tap comes after the node's own op: the cache keeps the node's records.
      if (at.cached) {
        ops.unshift({ kind: 'tap', node: at.id })
        names.unshift('cache')
      }
      if (at.op === 'read' || at.op === 'array') {
        names.unshift(describeNode(at))
        return { input: { kind: at.op, node: at.id }, ops, parents: [], names }
      }
      if (isNarrow(at.op)) {
        ops.unshift({ kind: at.op, node: at.id })
        names.unshift(at.op)
        at = node(at.parents[0] as number)
        continue
      }
      const wide = at.op as WideOp
      names.unshift(`${wide} (reduce side)`)
      const shuffle = shuffles++
      const writers = shuffleWriters(at, shuffle)
      return { input: { kind: 'shuffle', node: at.id, op: wide, shuffle }, ops, parents: writers, names }
    }
  }

  const shuffleWriters = (wide: PlanNode, shuffle: number): number[] => {
    const op = wide.op as WideOp
    return wide.parents.map((parent, side) => {
      const partitions = counts.get(parent) as number
      const parents: number[] = []
      if (op === 'sortBy') {
        // The range bounds come from a sample of the sort keys, taken by a stage of its own first. It
        // computes the parent once more (its own shuffles: a shuffle has one reader), as Spark's
        // sampling job does unless the parent is cached.
        const sampled = pipeline(parent)
        parents.push(
          addStage({
            parents: sampled.parents,
            input: sampled.input,
            ops: sampled.ops,
            output: { kind: 'sample', node: wide.id, shuffle },
            partitions,
            transformations: [...sampled.names, 'sortBy (sample keys)'],
          }),
        )
      }
      const pipe = pipeline(parent)
      parents.unshift(...pipe.parents)
      const side_ = op === 'join' ? ` (${side === 0 ? 'left' : 'right'} side)` : ''
      return addStage({
        parents,
        input: pipe.input,
        ops: pipe.ops,
        output: { kind: 'shuffle', node: wide.id, op, side, shuffle },
        partitions,
        transformations: [...pipe.names, `${op} (map side)${side_}`],
      })
    })
  }

  const last = pipeline(plan.target)
  addStage({
    parents: last.parents,
    input: last.input,
    ops: last.ops,
    output: { kind: 'action' },
    partitions: inputPartitions(last.input, counts),
    transformations: [...last.names, plan.action.kind],
  })
  const tasks = stages.reduce((sum, stage) => sum + stage.partitions, 0)
  if (tasks > MAX_TASKS) {
    throw new PlanError(
      `this action would run ${tasks} tasks, more than ${MAX_TASKS}; use fewer partitions per dataset`,
    )
  }
  return { stages, counts }
}

/**
 * The task counts of a treeReduce's combine levels over `partitions` partials, as Spark's
 * treeAggregate cuts them: a fan-in of ceil(partitions^(1/depth)) (at least 2), and a level only while
 * it leaves more partials than the fan-in plus the level's own tasks would; the main function folds
 * what the last level leaves. `[]` when one level (the main function's) is enough.
 */
export function treeReduceLevels(partitions: number, depth: number): { fanIn: number; tasks: number[] } {
  const fanIn = Math.max(2, Math.ceil(partitions ** (1 / depth) - 1e-9))
  const tasks: number[] = []
  let n = partitions
  while (tasks.length < depth - 1 && n > fanIn + Math.ceil(n / fanIn)) {
    n = Math.ceil(n / fanIn)
    tasks.push(n)
  }
  return { fanIn, tasks }
}

function inputPartitions(input: StageInput, counts: Map<number, number>): number {
  return counts.get(input.node) as number
}

/** A node as the DAG and messages name it: `read corpus.txt`, `fromArray`, `reduceByKey #12`. */
export function describeNode(node: PlanNode): string {
  if (node.op === 'read') return `read ${node.file} (${node.format})`
  if (node.op === 'array') return 'fromArray'
  return `${node.op} #${node.id}`
}
