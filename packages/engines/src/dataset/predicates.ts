// The `where` of a columnar read: simple predicates on columns, all of which a row must pass (AND).
// The host uses them twice: to skip row groups whose min/max statistics exclude a predicate (predicate
// pushdown: those groups' bytes are never read) and to send the exact test to the tasks, which still
// filter every row of the groups they read (statistics only prove absence, never presence).
import { InputFileError } from '../mapreduce/inputBlocks.ts'
import type { ColumnarFooter, ColumnType, RowGroupMeta } from './columnarFile.ts'

export const PREDICATE_OPS = ['=', '<', '<=', '>', '>=', 'between'] as const
export type PredicateOp = (typeof PREDICATE_OPS)[number]
type Value = number | string
/** `[column, op, value]`, or `[column, 'between', low, high]` (both ends included). */
export type Predicate = [string, Exclude<PredicateOp, 'between'>, Value] | [string, 'between', Value, Value]

/** Most predicates in one `where`. */
export const MAX_PREDICATES = 64

/** The shape of a `where` (the host re-checks what the guest sent): predicates, or why not. */
export function checkWhere(raw: unknown): Predicate[] | string {
  if (!Array.isArray(raw) || raw.length > MAX_PREDICATES) {
    return `where must be an array of at most ${MAX_PREDICATES} predicates such as ['price', '>', 10] or ['day', 'between', 1, 7]`
  }
  const out: Predicate[] = []
  for (const p of raw) {
    const ok =
      Array.isArray(p) &&
      typeof p[0] === 'string' &&
      (PREDICATE_OPS as readonly unknown[]).includes(p[1]) &&
      p.length === (p[1] === 'between' ? 4 : 3) &&
      p.slice(2).every((v: unknown) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))
    if (!ok) {
      return `where: ${JSON.stringify(p)?.slice(0, 80)} is not a predicate; write [column, op, value] with op one of =, <, <=, >, >=, or [column, 'between', low, high], values finite numbers or strings`
    }
    out.push([...p] as Predicate)
  }
  return out
}

/** Checks each predicate's column and value type against the file's schema (an InputFileError names what was wrong). */
export function checkPredicatesAgainst(
  file: string,
  footer: ColumnarFooter,
  where: readonly Predicate[],
): void {
  const types = new Map<string, ColumnType>(footer.columns.map((c) => [c.name, c.type]))
  const list = footer.columns.map((c) => `${c.name} (${c.type})`).join(', ')
  for (const p of where) {
    const type = types.get(p[0])
    if (!type) {
      throw new InputFileError(
        `dataset.read: where names the column ${JSON.stringify(p[0])}, which ${file} does not have; its columns are ${list}`,
      )
    }
    const want = type === 'string' ? 'string' : 'number'
    for (const value of p.slice(2)) {
      if (typeof value !== want) {
        throw new InputFileError(
          `dataset.read: where compares the ${type} column ${p[0]} with ${JSON.stringify(value)}; compare it with a ${want}`,
        )
      }
    }
  }
}

/**
 * Whether a row group's statistics prove that none of its rows passes `where` (so it is skipped).
 * `columnIndex` maps a column name to its position in the schema.
 */
export function groupExcluded(
  group: RowGroupMeta,
  where: readonly Predicate[],
  columnIndex: ReadonlyMap<string, number>,
): boolean {
  return where.some((p) => {
    const chunk = group.chunks[columnIndex.get(p[0]) as number]
    return (
      chunk !== undefined && chunk.min !== null && chunk.max !== null && excludes(p, chunk.min, chunk.max)
    )
  })
}

/** Whether no value from min to max can pass predicate p. */
function excludes(p: Predicate, min: Value, max: Value): boolean {
  switch (p[1]) {
    case '=':
      return p[2] < min || p[2] > max
    case '<':
      return min >= p[2]
    case '<=':
      return min > p[2]
    case '>':
      return max <= p[2]
    case '>=':
      return max < p[2]
    default:
      return p[3] < min || p[2] > max
  }
}
