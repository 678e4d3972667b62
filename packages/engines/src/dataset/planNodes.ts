// The logical plan an action sends to the host: the dataset's lineage, one node per transformation.
// The guest builds it (datasetGuestSource.ts), but learner code runs in that isolate, so the host
// re-checks every field here before planning stages: a node may only depend on nodes made before it
// (no cycles), op names and function counts must match, partition counts must be sane.
import { type ColumnSpec, DEFAULT_ROW_GROUP_ROWS, FIELD_BYTES, type FieldType } from './columnarFile.ts'
import { checkWhere, type Predicate } from './predicates.ts'

/** Transformations that read their parent's partition and nothing else: they run in the same stage. */
export const NARROW_OPS = ['map', 'filter', 'flatMap', 'mapPartitions', 'keyBy'] as const
/** Transformations that need records of every parent partition: a shuffle, so a new stage. */
export const WIDE_OPS = [
  'reduceByKey',
  'aggregateByKey',
  'groupByKey',
  'join',
  'repartition',
  'partitionBy',
  'distinct',
  'sortBy',
] as const
export const SOURCE_OPS = ['read', 'array'] as const

export type NarrowOp = (typeof NARROW_OPS)[number]
export type WideOp = (typeof WIDE_OPS)[number]
export type SourceOp = (typeof SOURCE_OPS)[number]
export type NodeOp = NarrowOp | WideOp | SourceOp

/** How many learner functions each op takes (aggregateByKey: seqOp and combOp). */
const FUNCTIONS: Record<NodeOp, number> = {
  read: 0,
  array: 0,
  map: 1,
  filter: 1,
  flatMap: 1,
  mapPartitions: 1,
  keyBy: 1,
  reduceByKey: 1,
  aggregateByKey: 2,
  groupByKey: 0,
  join: 0,
  repartition: 0,
  partitionBy: 1,
  distinct: 0,
  sortBy: 1,
}

/** Most partitions one dataset may have: more is refused as absurd (each is a task, each a shuffle run). */
export const MAX_PARTITIONS = 4096
/** Deepest tree a treeReduce may ask for (levels, the main function's fold included). */
export const MAX_TREE_DEPTH = 8
/** Most nodes in one action's lineage (an iterative loop grows it; cache() cuts what is run, not this). */
export const MAX_NODES = 5000

export type InputFormat = 'lines' | 'csv' | 'json' | 'columnar' | 'binary'
export type OutputFormat = 'lines' | 'json' | 'columnar'
/** Most columns a columnar read may choose, or a binary record may have. */
export const MAX_FIELDS = 1024

/** One node of the lineage, as the host accepted it. */
export interface PlanNode {
  id: number
  op: NodeOp
  parents: number[]
  /** The learner's functions' source text (Function.prototype.toString), as many as the op takes. */
  fns: string[]
  /** The learner's `env`: JSON text, broadcasts as `{"$broadcast": id}`; absent when none. */
  env?: string
  /** Output partitions asked for (wide ops and fromArray); absent: the default (see partitionsOf). */
  partitions?: number
  cached: boolean
  /** read */
  file?: string
  format?: InputFormat
  header?: boolean
  /** columnar: the columns chosen (absent: all), and the predicates a row must pass. */
  columns?: string[]
  where?: Predicate[]
  /** binary: the record's fields in order. */
  record?: ColumnSpec<FieldType>[]
  /** array: the id the host gave the registered partitions. */
  array?: number
  /** aggregateByKey: the zero value, JSON text. */
  zero?: string
  /** sortBy */
  ascending?: boolean
}

export type ActionSpec =
  | { kind: 'collect' }
  | { kind: 'count' }
  | { kind: 'take'; n: number }
  /**
   * The learner's function and env, as a node's: its owner key in the workers is `r<job>`. `depth`
   * (treeReduce, 2 to 8): the partials are combined by tasks in a tree of that many levels, the last
   * in the main function; absent: reduce, every partial goes to the main function.
   */
  | { kind: 'reduce'; fn: string; env?: string; depth?: number }
  /** Writes the records to `file` in the scratch folder (columnar: with `schema`, `rowGroupRows` rows a group). */
  | { kind: 'write'; file: string; format: OutputFormat; schema?: ColumnSpec[]; rowGroupRows?: number }

export interface ActionPlan {
  action: ActionSpec
  target: number
  nodes: Map<number, PlanNode>
}

/** The plan was malformed: a cycle, an unknown op, an absurd partition count. The learner's action rejects. */
export class PlanError extends Error {
  readonly code = 'ARENA_DATASET_PLAN'
  constructor(message: string) {
    super(`dataset: ${message}`)
    this.name = 'PlanError'
  }
}

const OPS = new Set<string>([...NARROW_OPS, ...WIDE_OPS, ...SOURCE_OPS])
const FORMATS = new Set<string>(['lines', 'csv', 'json', 'columnar', 'binary'])

function wholeNumber(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
}

function text(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max
}

/**
 * The plan from the JSON text the guest sends (one string: an object would be copied into the host,
 * where a lineage built through learner-patched methods could expand, uncounted), checked.
 */
export function parseActionPlan(text: unknown): ActionPlan {
  if (typeof text !== 'string') throw new PlanError('the plan of this action is not JSON text')
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    throw new PlanError('the plan of this action is not valid JSON')
  }
  return checkActionPlan(raw)
}

/** Checks what the guest sent and returns the plan, or throws PlanError saying what was wrong. */
export function checkActionPlan(raw: unknown): ActionPlan {
  const plan = raw as { action?: unknown; target?: unknown; nodes?: unknown } | null
  if (plan === null || typeof plan !== 'object' || !Array.isArray(plan.nodes)) {
    throw new PlanError('the plan of this action is not a list of nodes')
  }
  if (plan.nodes.length > MAX_NODES) {
    throw new PlanError(
      `this action's lineage has ${plan.nodes.length} transformations, more than ${MAX_NODES}; cache() an intermediate dataset and build on it, or collect a small result and start a new dataset from it`,
    )
  }
  const nodes = new Map<number, PlanNode>()
  for (const entry of plan.nodes) {
    const node = checkNode(entry)
    if (nodes.has(node.id)) throw new PlanError(`node ${node.id} appears twice in the plan`)
    for (const parent of node.parents) {
      // Nodes only ever depend on nodes made before them, so a lineage is acyclic by construction;
      // a plan where one does not is forged or broken, and running it could loop for ever.
      if (parent >= node.id || !nodes.has(parent)) {
        throw new PlanError(
          `the plan has a cycle or a dangling edge: node ${node.id} depends on node ${parent}, which is not computed before it`,
        )
      }
    }
    nodes.set(node.id, node)
  }
  const target = plan.target
  if (typeof target !== 'number' || !nodes.has(target))
    throw new PlanError('the action names no node of its plan')
  return { action: checkAction(plan.action), target, nodes }
}

function checkAction(raw: unknown): ActionSpec {
  const action = raw as { kind?: unknown; n?: unknown; fn?: unknown; env?: unknown; depth?: unknown } | null
  switch (action?.kind) {
    case 'collect':
    case 'count':
      return { kind: action.kind }
    case 'reduce':
      if (!text(action.fn, 1 << 20)) throw new PlanError('reduce(fn): fn must be a function')
      if (action.env !== undefined && !text(action.env, 64 << 20))
        throw new PlanError('reduce: env is not JSON text')
      if (action.depth !== undefined && !wholeNumber(action.depth, 2, MAX_TREE_DEPTH))
        throw new PlanError(`treeReduce: depth must be a whole number from 2 to ${MAX_TREE_DEPTH}`)
      return {
        kind: 'reduce',
        fn: action.fn,
        ...(action.env === undefined ? {} : { env: action.env }),
        ...(action.depth === undefined ? {} : { depth: action.depth }),
      }
    case 'take':
      if (!wholeNumber(action.n, 0, 2 ** 31)) throw new PlanError('take(n): n must be a whole number')
      return { kind: 'take', n: action.n }
    case 'write':
      return checkWrite(action as Record<string, unknown>)
    default:
      throw new PlanError(`unknown action ${String(action?.kind).slice(0, 40)}`)
  }
}

function checkNode(raw: unknown): PlanNode {
  const n = raw as Record<string, unknown> | null
  if (n === null || typeof n !== 'object') throw new PlanError('a node of the plan is not an object')
  const { id, op, parents, fns } = n
  if (!wholeNumber(id, 1, 2 ** 31)) throw new PlanError('a node of the plan has no id')
  if (typeof op !== 'string' || !OPS.has(op)) throw new PlanError(`node ${id} has an unknown op`)
  const kind = op as NodeOp
  const wantParents = kind === 'join' ? 2 : kind === 'read' || kind === 'array' ? 0 : 1
  if (
    !Array.isArray(parents) ||
    parents.length !== wantParents ||
    !parents.every((p) => wholeNumber(p, 1, 2 ** 31))
  ) {
    throw new PlanError(`node ${id} (${kind}) must have ${wantParents} parent(s)`)
  }
  if (!Array.isArray(fns) || fns.length !== FUNCTIONS[kind] || !fns.every((f) => text(f, 1 << 20))) {
    throw new PlanError(`node ${id} (${kind}) must have ${FUNCTIONS[kind]} function(s)`)
  }
  const node: PlanNode = { id, op: kind, parents: [...parents], fns: [...fns], cached: n.cached === true }
  if (n.env !== undefined) {
    if (!text(n.env, 64 << 20)) throw new PlanError(`node ${id}: env is not JSON text`)
    node.env = n.env
  }
  if (n.partitions !== undefined) {
    if (!wholeNumber(n.partitions, 1, MAX_PARTITIONS))
      throw new PlanError(absurdPartitions(kind, n.partitions))
    node.partitions = n.partitions
  }
  if (kind === 'read') {
    if (!text(n.file, 200) || !FORMATS.has(String(n.format)))
      throw new PlanError(`node ${id}: read needs a file and a format`)
    node.file = n.file
    node.format = n.format as InputFormat
    node.header = n.header === true
    if (n.columns !== undefined) {
      if (
        !Array.isArray(n.columns) ||
        n.columns.length > MAX_FIELDS ||
        !n.columns.every((c) => text(c, 200))
      ) {
        throw new PlanError(`node ${id}: columns must be an array of column names`)
      }
      node.columns = [...n.columns]
    }
    if (n.where !== undefined) {
      const where = checkWhere(n.where)
      if (typeof where === 'string') throw new PlanError(`read: ${where}`)
      node.where = where
    }
    if (node.format === 'binary')
      node.record = checkFields(n.record, 'read: record', Object.keys(FIELD_BYTES))
  }
  if (kind === 'array') {
    if (!wholeNumber(n.array, 1, 2 ** 31)) throw new PlanError(`node ${id}: fromArray has no registered data`)
    node.array = n.array
  }
  if (kind === 'aggregateByKey') {
    if (!text(n.zero, 1 << 20)) throw new PlanError(`node ${id}: aggregateByKey needs a zero value`)
    node.zero = n.zero
  }
  if (kind === 'sortBy') node.ascending = n.ascending !== false
  return node
}

/** `[[name, type], ...]` with distinct names and known types, or a PlanError. */
function checkFields<T extends string>(
  raw: unknown,
  what: string,
  types: readonly string[],
): ColumnSpec<T>[] {
  const names = new Set<string>()
  const ok =
    Array.isArray(raw) &&
    raw.length > 0 &&
    raw.length <= MAX_FIELDS &&
    raw.every((f) => {
      const fine =
        Array.isArray(f) &&
        f.length === 2 &&
        text(f[0], 200) &&
        f[0] !== '' &&
        !names.has(f[0]) &&
        types.includes(f[1])
      if (fine) names.add(f[0])
      return fine
    })
  if (!ok)
    throw new PlanError(
      `${what} must be a non-empty array of [name, type] with distinct names, types ${types.join(', ')}`,
    )
  return (raw as [string, T][]).map(([name, type]) => [name, type] as const)
}

function checkWrite(action: Record<string, unknown>): ActionSpec {
  if (!text(action.file, 200) || !['lines', 'json', 'columnar'].includes(String(action.format))) {
    throw new PlanError("write needs a file name and a format: 'lines', 'json' or 'columnar'")
  }
  const format = action.format as OutputFormat
  if (format !== 'columnar') return { kind: 'write', file: action.file, format }
  const schema = checkFields<ColumnSpec[1]>(action.schema, 'write: schema', ['int32', 'float64', 'string'])
  const rows = action.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS
  if (!wholeNumber(rows, 1, 2 ** 24))
    throw new PlanError('write: rowGroupRows must be a whole number from 1 to 2^24')
  return { kind: 'write', file: action.file, format, schema, rowGroupRows: rows }
}

/** The words for a partition count out of range, the same in the guest's check and the host's. */
export function absurdPartitions(op: string, value: unknown): string {
  return `${op}: partitions must be a whole number from 1 to ${MAX_PARTITIONS}, got ${String(value).slice(0, 40)}`
}

export function isNarrow(op: NodeOp): op is NarrowOp {
  return (NARROW_OPS as readonly string[]).includes(op)
}

export function isWide(op: NodeOp): op is WideOp {
  return (WIDE_OPS as readonly string[]).includes(op)
}
