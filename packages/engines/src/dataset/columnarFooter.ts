// Reading a columnar file's footer on the host, where a query is planned: the last 8 bytes give the
// footer's length, the footer gives the schema, the row groups and each column chunk's byte range and
// min/max. The file is the learner's input, or one a job wrote, so every field is checked before it is
// trusted: a truncated or corrupt footer, an absurd row-group count, a chunk outside the file or of the
// wrong size is an InputFileError that names the file and what was wrong (the learner's action
// rejects with it), never a crash or a read past the data.
import { type ByteSource, InputFileError } from '../mapreduce/inputBlocks.ts'
import {
  COLUMNAR_FORMAT,
  COLUMNAR_MAGIC,
  type ColumnarFooter,
  type ColumnType,
  type RowGroupMeta,
} from './columnarFile.ts'

/** Most bytes a footer may have (about 60,000 row groups of 4 columns). */
export const MAX_FOOTER_BYTES = 16 * 2 ** 20
/** Most row groups one file may have. */
export const MAX_ROW_GROUPS = 100_000
/** Most columns one file may have. */
export const MAX_COLUMNS = 1024
/** Most rows one row group may have (a row group is decoded whole in one task). */
export const MAX_GROUP_ROWS = 2 ** 24

const TYPES = new Set<string>(['int32', 'float64', 'string'])
const FIXED: Record<string, number> = { int32: 4, float64: 8 }

export interface ReadFooter {
  footer: ColumnarFooter
  /** Bytes read to get it: the tail and the footer. */
  bytesRead: number
}

/** Reads and checks the footer of columnar file `name`. */
export function readColumnarFooter(name: string, file: ByteSource): ReadFooter {
  const bad = (what: string) =>
    new InputFileError(`dataset.read: ${name} is not a readable columnar file: ${what}`)
  if (file.size < 12)
    throw bad(`it has ${file.size} bytes, fewer than a columnar file's 12 at the least (truncated?)`)
  const decoder = new TextDecoder()
  const head = decoder.decode(file.read(0, 4))
  const tail = file.read(file.size - 8, 8)
  if (head !== COLUMNAR_MAGIC || decoder.decode(tail.subarray(4)) !== COLUMNAR_MAGIC) {
    throw bad(
      `it does not start and end with ${COLUMNAR_MAGIC} (write it with columnarFile or write(file, { format: 'columnar' }), or read it with another format; a file cut short loses its end)`,
    )
  }
  const length = new DataView(tail.buffer, tail.byteOffset, 8).getUint32(0, true)
  const footerStart = file.size - 8 - length
  if (length === 0 || footerStart < 4 || length > MAX_FOOTER_BYTES) {
    throw bad(
      `its footer's length says ${length} bytes, but the file has ${file.size - 12} bytes between its magic numbers${length > MAX_FOOTER_BYTES ? ` and a footer may have at most ${MAX_FOOTER_BYTES}` : ''} (truncated or corrupt)`,
    )
  }
  let raw: unknown
  try {
    raw = JSON.parse(decoder.decode(file.read(footerStart, length)))
  } catch {
    throw bad(`its ${length}-byte footer is not JSON (truncated or corrupt)`)
  }
  const footer = checkFooter(raw, footerStart, (what) => bad(what))
  return { footer, bytesRead: 4 + 8 + length }
}

function wholeNumber(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
}

function checkFooter(raw: unknown, dataEnd: number, bad: (what: string) => Error): ColumnarFooter {
  const f = raw as Record<string, unknown> | null
  if (f === null || typeof f !== 'object' || f.format !== COLUMNAR_FORMAT || f.version !== 1) {
    throw bad(`its footer is not a version 1 ${COLUMNAR_FORMAT} footer`)
  }
  if (!Array.isArray(f.columns) || f.columns.length === 0 || f.columns.length > MAX_COLUMNS) {
    throw bad(`its footer must name from 1 to ${MAX_COLUMNS} columns`)
  }
  const names = new Set<string>()
  const columns = f.columns.map((c: unknown, i: number) => {
    const { name, type } = (c ?? {}) as { name?: unknown; type?: unknown }
    if (
      typeof name !== 'string' ||
      name === '' ||
      name.length > 200 ||
      names.has(name) ||
      !TYPES.has(String(type))
    ) {
      throw bad(
        `column ${i} of its footer has no name of its own or an unknown type (${String(type).slice(0, 20)})`,
      )
    }
    names.add(name)
    return { name, type: type as ColumnType }
  })
  if (!Array.isArray(f.rowGroups)) throw bad('its footer has no list of row groups')
  if (f.rowGroups.length > MAX_ROW_GROUPS) {
    throw bad(
      `its footer claims ${f.rowGroups.length} row groups, more than the ${MAX_ROW_GROUPS} a file may have (write larger row groups)`,
    )
  }
  let rows = 0
  const rowGroups = f.rowGroups.map((g: unknown, i: number): RowGroupMeta => {
    const group = (g ?? {}) as { rows?: unknown; chunks?: unknown }
    if (!wholeNumber(group.rows, 1, MAX_GROUP_ROWS)) {
      throw bad(`row group ${i} claims ${String(group.rows).slice(0, 20)} rows (from 1 to ${MAX_GROUP_ROWS})`)
    }
    const n = group.rows
    if (!Array.isArray(group.chunks) || group.chunks.length !== columns.length) {
      throw bad(`row group ${i} must have one column chunk per column (${columns.length})`)
    }
    rows += n
    const chunks = group.chunks.map((ch: unknown, c: number) => {
      const chunk = (ch ?? {}) as Record<string, unknown>
      const { type, name } = columns[c] as { name: string; type: ColumnType }
      const where = `row group ${i}, column ${name}`
      if (
        !wholeNumber(chunk.offset, 4, dataEnd) ||
        !wholeNumber(chunk.bytes, 0, dataEnd - (chunk.offset as number))
      ) {
        throw bad(`${where}: its byte range lies outside the file's data (truncated or corrupt)`)
      }
      const fixed = FIXED[type]
      if (fixed ? chunk.bytes !== n * fixed : chunk.bytes < 4 * n) {
        throw bad(`${where}: ${chunk.bytes} bytes cannot hold ${n} ${type} values`)
      }
      const want = type === 'string' ? 'string' : 'number'
      if (
        typeof chunk.min !== want ||
        typeof chunk.max !== want ||
        (chunk.min as number) > (chunk.max as number)
      ) {
        throw bad(`${where}: its statistics are not a ${want} min and max with min <= max`)
      }
      return {
        offset: chunk.offset,
        bytes: chunk.bytes,
        min: chunk.min as number | string,
        max: chunk.max as number | string,
      }
    })
    return { rows: n, chunks }
  })
  if (f.rows !== rows)
    throw bad(`its footer says ${String(f.rows).slice(0, 20)} rows, but its row groups hold ${rows}`)
  return { format: COLUMNAR_FORMAT, version: 1, columns, rows, rowGroups }
}
