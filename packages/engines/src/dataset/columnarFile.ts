// Writers of the dataset engine's binary inputs, for challenge authors (tests.ts, through
// @arena/grader/authoring) and for tests and benchmarks: `columnarFile` (the engine's small
// Parquet-like columnar format) and `binaryRecordsFile` (fixed-layout records). Both yield the file
// chunk by chunk, so `ctx.files.write(name, columnarFile(...))` keeps memory flat for files far larger
// than memory. The layout is the README's ("dataset", "The columnar format").
//
// No runtime imports: tests.ts is bundled into a sandbox without Node and may import only the
// authoring API, which re-exports this file as it is (an import of another engine file would be
// refused by the bundler's pack-import rule).

/** Types of a columnar file's columns. */
export type ColumnType = 'int32' | 'float64' | 'string'
/** Types of a binary record's fields (little-endian, packed). */
export type FieldType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64'
/** A column or field: [name, type]. */
export type ColumnSpec<T extends string = ColumnType> = readonly [name: string, type: T]

/** The 4 bytes at the start and at the end of a columnar file. */
export const COLUMNAR_MAGIC = 'ACOL'
/** What the footer's `format` field says. */
export const COLUMNAR_FORMAT = 'arena-columnar'
/** Rows per row group when the writer is not told (Parquet cuts by bytes: 128 MB; ours are small files). */
export const DEFAULT_ROW_GROUP_ROWS = 4096
/** Bytes of each field type in a binary record. */
export const FIELD_BYTES: Record<FieldType, number> = {
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  float32: 4,
  float64: 8,
}

/** A column chunk's place in the file and its statistics (what predicate pushdown reads). */
export interface ChunkMeta {
  offset: number
  bytes: number
  min: number | string | null
  max: number | string | null
}

export interface RowGroupMeta {
  rows: number
  /** One per column, in the schema's order. */
  chunks: ChunkMeta[]
}

/** The footer: JSON text before the last 8 bytes (its length as uint32 LE, then the magic). */
export interface ColumnarFooter {
  format: typeof COLUMNAR_FORMAT
  version: 1
  columns: { name: string; type: ColumnType }[]
  rows: number
  rowGroups: RowGroupMeta[]
}

type Cell = number | string

/** Why a column's value cannot be stored, or undefined (int32: whole numbers in range; float64: finite). */
export function cellProblem(type: ColumnType, value: unknown): string | undefined {
  if (type === 'string') return typeof value === 'string' ? undefined : 'a string'
  if (typeof value !== 'number' || !Number.isFinite(value)) return `a finite number (${type})`
  if (type === 'int32' && (!Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31)) {
    return 'a whole number from -2^31 to 2^31-1 (int32)'
  }
  return undefined
}

/** One column chunk's bytes: int32 4 bytes, float64 8 bytes a value; strings as uint32 byte lengths, then the UTF-8 bytes. */
export function encodeColumnChunk(type: ColumnType, values: readonly Cell[]): Uint8Array {
  if (type === 'int32') return new Uint8Array(Int32Array.from(values as number[]).buffer)
  if (type === 'float64') return new Uint8Array(Float64Array.from(values as number[]).buffer)
  const encoder = new TextEncoder()
  const texts = values.map((value) => encoder.encode(value as string))
  const total = texts.reduce((sum, text) => sum + text.length, 0)
  const out = new Uint8Array(4 * texts.length + total)
  const view = new DataView(out.buffer)
  let at = 4 * texts.length
  texts.forEach((text, i) => {
    view.setUint32(4 * i, text.length, true)
    out.set(text, at)
    at += text.length
  })
  return out
}

/** The smallest and largest value of a chunk (JavaScript's `<`, as predicates compare), null when empty. */
export function chunkStats(values: readonly Cell[]): { min: Cell | null; max: Cell | null } {
  if (values.length === 0) return { min: null, max: null }
  let min = values[0] as Cell
  let max = min
  for (const value of values) {
    if (value < min) min = value
    if (value > max) max = value
  }
  return { min, max }
}

/** The file's last bytes: the footer's JSON, its length (uint32 LE) and the magic. */
export function encodeFooter(footer: ColumnarFooter): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(footer))
  const out = new Uint8Array(json.length + 8)
  out.set(json, 0)
  new DataView(out.buffer).setUint32(json.length, json.length, true)
  out.set(new TextEncoder().encode(COLUMNAR_MAGIC), json.length + 4)
  return out
}

function checkSchema<T extends string>(
  what: string,
  schema: readonly ColumnSpec<T>[],
  types: readonly string[],
): void {
  if (!Array.isArray(schema) || schema.length === 0)
    throw new TypeError(`${what}: the schema must be a non-empty array of [name, type]`)
  const names = new Set<string>()
  for (const spec of schema) {
    const [name, type] = (Array.isArray(spec) ? spec : []) as [unknown, unknown]
    if (typeof name !== 'string' || name === '' || names.has(name)) {
      throw new TypeError(`${what}: every column needs a name of its own, got ${JSON.stringify(name)}`)
    }
    if (!types.includes(type as string))
      throw new TypeError(
        `${what}: column ${name} has type ${String(type)}; the types are ${types.join(', ')}`,
      )
    names.add(name)
  }
}

/** A row's value of column `i` (rows are objects by column name, or arrays in the schema's order). */
function cellOf(row: unknown, name: string, i: number): unknown {
  if (Array.isArray(row)) return row[i]
  return row !== null && typeof row === 'object' ? (row as Record<string, unknown>)[name] : undefined
}

/**
 * A columnar file of `rows` (objects by column name, or arrays in the schema's order), cut into row
 * groups of `rowGroupRows` rows, as chunks of bytes: the magic, each row group's column chunks, the
 * footer. A value a column cannot hold throws, naming the row and the column.
 */
export function* columnarFile(
  schema: readonly ColumnSpec[],
  rows: Iterable<unknown>,
  options: { rowGroupRows?: number } = {},
): Generator<Uint8Array, void> {
  checkSchema('columnarFile', schema, ['int32', 'float64', 'string'])
  const groupRows = options.rowGroupRows ?? DEFAULT_ROW_GROUP_ROWS
  if (!Number.isInteger(groupRows) || groupRows < 1 || groupRows > 2 ** 24) {
    throw new RangeError(`columnarFile: rowGroupRows must be a whole number from 1 to 2^24, got ${groupRows}`)
  }
  const footer: ColumnarFooter = {
    format: COLUMNAR_FORMAT,
    version: 1,
    columns: schema.map(([name, type]) => ({ name, type })),
    rows: 0,
    rowGroups: [],
  }
  let offset = 4
  yield new TextEncoder().encode(COLUMNAR_MAGIC)
  let columns: Cell[][] = schema.map(() => [])
  let index = 0
  const flush = function* (): Generator<Uint8Array, void> {
    const rowsInGroup = columns[0]?.length ?? 0
    if (rowsInGroup === 0) return
    const chunks: ChunkMeta[] = []
    for (let c = 0; c < schema.length; c++) {
      const values = columns[c] as Cell[]
      const bytes = encodeColumnChunk((schema[c] as ColumnSpec)[1], values)
      chunks.push({ offset, bytes: bytes.length, ...chunkStats(values) })
      offset += bytes.length
      yield bytes
    }
    footer.rowGroups.push({ rows: rowsInGroup, chunks })
    footer.rows += rowsInGroup
    columns = schema.map(() => [])
  }
  for (const row of rows) {
    for (let c = 0; c < schema.length; c++) {
      const [name, type] = schema[c] as ColumnSpec
      const value = cellOf(row, name, c)
      const problem = cellProblem(type, value)
      if (problem)
        throw new TypeError(
          `columnarFile: row ${index}, column ${name}: expected ${problem}, got ${String(value).slice(0, 40)}`,
        )
      ;(columns[c] as Cell[]).push(value as Cell)
    }
    index++
    if ((columns[0]?.length ?? 0) >= groupRows) yield* flush()
  }
  yield* flush()
  yield encodeFooter(footer)
}

/** Bytes of one record of a fixed layout. */
export function recordBytes(layout: readonly ColumnSpec<FieldType>[]): number {
  return layout.reduce((sum, [, type]) => sum + FIELD_BYTES[type], 0)
}

const SETTERS: Record<FieldType, (view: DataView, at: number, value: number) => void> = {
  int8: (v, at, x) => v.setInt8(at, x),
  uint8: (v, at, x) => v.setUint8(at, x),
  int16: (v, at, x) => v.setInt16(at, x, true),
  uint16: (v, at, x) => v.setUint16(at, x, true),
  int32: (v, at, x) => v.setInt32(at, x, true),
  uint32: (v, at, x) => v.setUint32(at, x, true),
  float32: (v, at, x) => v.setFloat32(at, x, true),
  float64: (v, at, x) => v.setFloat64(at, x, true),
}

/**
 * A file of fixed-layout binary records (fields packed in the layout's order, little-endian, no
 * header): `dataset.read(file, { format: 'binary', record: layout })` reads it back. Rows are objects
 * by field name or arrays in the layout's order; a value that is not a finite number throws. Integer
 * fields keep what DataView keeps (wrapped to the type's range), as a C struct would.
 */
export function* binaryRecordsFile(
  layout: readonly ColumnSpec<FieldType>[],
  rows: Iterable<unknown>,
  recordsPerChunk = 65_536,
): Generator<Uint8Array, void> {
  checkSchema('binaryRecordsFile', layout, Object.keys(FIELD_BYTES))
  const size = recordBytes(layout)
  let chunk = new Uint8Array(size * recordsPerChunk)
  let view = new DataView(chunk.buffer)
  let n = 0
  let index = 0
  for (const row of rows) {
    let at = n * size
    for (let f = 0; f < layout.length; f++) {
      const [name, type] = layout[f] as ColumnSpec<FieldType>
      const value = cellOf(row, name, f)
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new TypeError(
          `binaryRecordsFile: record ${index}, field ${name}: expected a finite number, got ${String(value).slice(0, 40)}`,
        )
      }
      SETTERS[type](view, at, value)
      at += FIELD_BYTES[type]
    }
    index++
    if (++n === recordsPerChunk) {
      yield chunk
      chunk = new Uint8Array(size * recordsPerChunk)
      view = new DataView(chunk.buffer)
      n = 0
    }
  }
  if (n > 0) yield chunk.subarray(0, n * size)
}
