// The host side of dataset.read's binary formats: which bytes of the file each partition needs, read
// by range when its task runs, and what the task must know to decode them.
// - ColumnarInput: plans a columnar read from the footer alone. Column pruning: only the chunks of the
//   chosen columns and of the columns `where` tests are ever read. Predicate pushdown: a row group
//   whose min/max exclude a predicate is skipped, never read. The row groups left are packed into
//   partitions of about a block of chosen bytes each (a group is never split).
// - BinaryRecordsInput: fixed-size records cut into blocks of whole records.

import type { OpenInputFile } from '../mapreduce/inputBlocks.ts'
import { InputFileError } from '../mapreduce/inputBlocks.ts'
import { type ColumnType, FIELD_BYTES, recordBytes } from './columnarFile.ts'
import { readColumnarFooter } from './columnarFooter.ts'
import { MAX_PARTITIONS, type PlanNode } from './planNodes.ts'
import { checkPredicatesAgainst, groupExcluded } from './predicates.ts'
import type { StageCounters } from './stageCounters.ts'

/** What a task of a binary read gets besides its spec: the bytes, and for columnar reads each group's chunk offsets in them. */
export interface BinaryBatch {
  bytes: Uint8Array
  /** Each group's rows, and per column read its chunk's offset in `bytes` and its length. */
  groups?: { rows: number; chunks: number[]; sizes: number[] }[]
}

export interface BinaryInput {
  readonly partitions: number
  /** The spec the worker decodes with (`input` of the task). */
  spec(): Record<string, unknown>
  /** Partition p's bytes, read now; counts what was read (and, once, what planning read and skipped). */
  batch(p: number, c: StageCounters): BinaryBatch | undefined
}

/** How many bytes a block of binary records is cut at: `partitions` asks for about that many, never over a block nor under 4 KiB. */
function targetBytes(total: number, blockBytes: number, partitions: number | undefined): number {
  return partitions ? Math.min(blockBytes, Math.max(4096, Math.ceil(total / partitions))) : blockBytes
}

const align8 = (n: number) => Math.ceil(n / 8) * 8

export class ColumnarInput implements BinaryInput {
  readonly partitions: number
  private readonly read: { name: string; type: ColumnType; index: number }[]
  private readonly keep: number[]
  private readonly where: unknown[]
  private readonly groups: number[][]
  private readonly footer
  private readonly footerBytes: number
  private readonly skipped: number

  constructor(
    private readonly name: string,
    private readonly file: OpenInputFile,
    node: PlanNode,
    blockBytes: number,
    maxGroupBytes: number,
  ) {
    const { footer, bytesRead } = readColumnarFooter(name, file)
    this.footer = footer
    this.footerBytes = bytesRead
    const index = new Map(footer.columns.map((c, i) => [c.name, i]))
    const list = footer.columns.map((c) => `${c.name} (${c.type})`).join(', ')
    const chosen = node.columns ?? footer.columns.map((c) => c.name)
    for (const column of chosen) {
      if (!index.has(column)) {
        throw new InputFileError(
          `dataset.read: columns names ${JSON.stringify(column)}, which ${name} does not have; its columns are ${list}`,
        )
      }
    }
    const where = node.where ?? []
    checkPredicatesAgainst(name, footer, where)
    // The columns read: the chosen ones, in the order asked, then those only `where` needs.
    const names = [...new Set([...chosen, ...where.map((p) => p[0])])]
    this.read = names.map((n) => {
      const i = index.get(n) as number
      return { name: n, type: (footer.columns[i] as { type: ColumnType }).type, index: i }
    })
    this.keep = chosen.map((n) => names.indexOf(n))
    this.where = where.map((p) => [names.indexOf(p[0]), ...p.slice(1)])
    const kept: number[] = []
    footer.rowGroups.forEach((group, g) => {
      if (!groupExcluded(group, where, index)) kept.push(g)
    })
    this.skipped = footer.rowGroups.length - kept.length
    const bytesOf = (g: number) =>
      this.read.reduce((sum, col) => sum + (footer.rowGroups[g]?.chunks[col.index]?.bytes ?? 0), 0)
    const total = kept.reduce((sum, g) => sum + bytesOf(g), 0)
    for (const g of kept) {
      if (bytesOf(g) > maxGroupBytes) {
        throw new InputFileError(
          `dataset.read: row group ${g} of ${name} holds ${bytesOf(g)} bytes of the columns read, more than the ${maxGroupBytes} one task may decode at once; write the file with smaller row groups, or read fewer columns`,
        )
      }
    }
    // About a block of the bytes read per partition (or the partitions asked for): a group goes to the
    // partition its first byte falls in, so partitions are even in bytes and a group is never split.
    const count = Math.max(1, node.partitions ?? Math.ceil(total / blockBytes))
    this.groups = []
    let before = 0
    for (const g of kept) {
      const p = total === 0 ? 0 : Math.min(count - 1, Math.floor((before * count) / total))
      if (this.groups.length <= p) this.groups.push([])
      this.groups[this.groups.length - 1]?.push(g)
      before += bytesOf(g)
    }
    if (this.groups.length > MAX_PARTITIONS) {
      throw new InputFileError(
        `dataset.read: ${name} would need ${this.groups.length} partitions, more than ${MAX_PARTITIONS}; ask for fewer`,
      )
    }
    this.partitions = Math.max(1, this.groups.length)
  }

  spec(): Record<string, unknown> {
    return {
      kind: 'columnar',
      file: this.name,
      read: this.read.map((c) => [c.name, c.type]),
      keep: this.keep,
      predicates: this.where,
    }
  }

  batch(p: number, c: StageCounters): BinaryBatch | undefined {
    if (p === 0) {
      // What planning read (the footer) and skipped counts once, with the stage's first task.
      c.inputBytes += this.footerBytes
      c.rowGroupsSkipped += this.skipped
    }
    const groups = this.groups[p] ?? []
    if (groups.length === 0) return undefined
    let size = 0
    for (const g of groups) {
      for (const col of this.read) size += align8(this.chunk(g, col.index).bytes)
    }
    // A buffer of its own (never Node's pooled ones): the pool moves it into the worker.
    const bytes = new Uint8Array(size)
    const out: { rows: number; chunks: number[]; sizes: number[] }[] = []
    let at = 0
    for (const g of groups) {
      const offsets: number[] = []
      const sizes: number[] = []
      for (const col of this.read) {
        const chunk = this.chunk(g, col.index)
        const data = this.file.read(chunk.offset, chunk.bytes)
        if (data.length !== chunk.bytes)
          throw new InputFileError(`dataset.read: ${this.name} changed or was cut short while it was read`)
        bytes.set(data, at)
        offsets.push(at)
        sizes.push(chunk.bytes)
        c.inputBytes += chunk.bytes
        at += align8(chunk.bytes)
      }
      out.push({ rows: this.footer.rowGroups[g]?.rows ?? 0, chunks: offsets, sizes })
      c.rowGroupsRead++
    }
    return { bytes, groups: out }
  }

  private chunk(g: number, column: number): { offset: number; bytes: number } {
    return this.footer.rowGroups[g]?.chunks[column] as { offset: number; bytes: number }
  }
}

export class BinaryRecordsInput implements BinaryInput {
  readonly partitions: number
  private readonly size: number
  private readonly split: number

  constructor(
    private readonly name: string,
    private readonly file: OpenInputFile,
    private readonly node: PlanNode,
    blockBytes: number,
  ) {
    const record = node.record ?? []
    this.size = recordBytes(record)
    if (file.size % this.size !== 0) {
      throw new InputFileError(
        `dataset.read: ${name} has ${file.size} bytes, not a whole number of ${this.size}-byte records (${record.map(([n, t]) => `${n} ${t} ${FIELD_BYTES[t]}`).join(', ')}): is the record layout right?`,
      )
    }
    const target = targetBytes(file.size, blockBytes, node.partitions)
    this.split = Math.max(1, Math.floor(target / this.size)) * this.size
    const count = Math.ceil(file.size / this.split)
    if (count > MAX_PARTITIONS) {
      throw new InputFileError(
        `dataset.read: ${name} would need ${count} partitions, more than ${MAX_PARTITIONS}`,
      )
    }
    this.partitions = Math.max(1, count)
  }

  spec(): Record<string, unknown> {
    return { kind: 'binary', file: this.name, record: this.node.record, recordBytes: this.size }
  }

  batch(p: number, c: StageCounters): BinaryBatch | undefined {
    const start = p * this.split
    const length = Math.min(this.split, this.file.size - start)
    if (length <= 0) return undefined
    const bytes = new Uint8Array(length)
    bytes.set(this.file.read(start, length))
    c.inputBytes += length
    return { bytes }
  }
}
