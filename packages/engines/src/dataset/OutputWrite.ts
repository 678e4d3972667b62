// The host side of a write action: each task appends its part of the output (lines, JSON lines, or a
// columnar file's row groups) to a part file of its own in the scratch folder, as Spark's tasks write
// part files; when every task is done the parts are joined, in partition order, into the one file the
// learner named (a columnar file gets its magic, its row groups with offsets moved to where they land,
// and the footer), each part removed once copied. Everything counts against the disk quota as it is
// written, the engine's earlier outputs and live shuffle spills included: past it the action rejects
// with an OutputFileError saying so, and the parts are removed. The file stays for the rest of the run
// and after it, so a later job can read it and the challenge's check can (`ctx.files`).
import { fileNameProblem } from '../disk/fileName.ts'
import {
  COLUMNAR_FORMAT,
  COLUMNAR_MAGIC,
  type ColumnarFooter,
  type ColumnSpec,
  encodeFooter,
  type RowGroupMeta,
} from './columnarFile.ts'
import type { TaskOutput } from './jobHost.ts'
import type { OutputFormat } from './planNodes.ts'

/** A write the learner asked for could not be done (a bad name, the disk quota): their action rejects. */
export class OutputFileError extends Error {
  readonly code = 'ARENA_DATASET_OUTPUT_FILE'
  constructor(message: string) {
    super(message)
    this.name = 'OutputFileError'
  }
}

export interface WriteSpec {
  file: string
  format: OutputFormat
  schema?: ColumnSpec[]
}

/**
 * The run's folder as a write uses it: the server's scratch folder (scratchFiles.ts) or a local run's
 * files in memory. Names are plain file names, already checked.
 */
export interface OutputFiles {
  /** Whether a file of that name is in the folder (an input, an output, a part). */
  exists(name: string): boolean
  /** Appends the pieces to `name`, making it if it is not there. */
  append(name: string, pieces: readonly Uint8Array[]): void
  /** Up to `length` bytes of `name` from `position`. */
  read(name: string, position: number, length: number): Uint8Array
  /** Moves `from` to `to`, replacing what `to` held. */
  rename(from: string, to: string): void
  /** Removes `name` if it is there. */
  remove(name: string): void
}

/** What a write needs of the engine: the folder, the quota left, and the run's output files. */
export interface OutputDisk {
  files: OutputFiles
  diskMb: number
  /** Bytes the scratch folder may still take before this write (the quota less outputs and spills). */
  freeBytes(): number
  /** The engine's output files of the run, name -> bytes. */
  outputs: Map<string, number>
}

/** The engine's own files (parts, shuffles) and mapreduce's are never a learner's output name. */
const RESERVED = /^(dataset|mapreduce)-/

/** Refuses, before any task runs, a name the write could not take. */
export function checkOutputName(disk: OutputDisk, file: string): void {
  const problem = fileNameProblem(file)
  if (problem) throw new OutputFileError(`dataset.write: ${problem}`)
  if (RESERVED.test(file))
    throw new OutputFileError(
      `dataset.write: ${file} starts like the engine's own files; choose another name`,
    )
  if (disk.files.exists(file) && !disk.outputs.has(file)) {
    throw new OutputFileError(
      `dataset.write: ${file} is already in the scratch folder and is not an output of this engine (an input file is read-only); write under another name`,
    )
  }
}

interface Part {
  bytes: number
  groups: RowGroupMeta[]
}

export class OutputWrite {
  private readonly parts: Part[]
  private records = 0
  private written = 0
  private result: { bytes: number; rowGroups?: number } | undefined

  constructor(
    private readonly spec: WriteSpec,
    partitions: number,
    private readonly disk: OutputDisk,
    private readonly job: number,
  ) {
    this.parts = Array.from({ length: partitions }, () => ({ bytes: 0, groups: [] }))
  }

  private partPath(p: number): string {
    return `dataset-${this.job}-part-${p}`
  }

  /** Appends what one call of partition p's task handed back to its part file. */
  add(p: number, out: TaskOutput): void {
    this.records += out.outRecords
    const part = this.parts[p] as Part
    const pieces: Uint8Array[] = []
    if (out.text) pieces.push(new TextEncoder().encode(out.text))
    for (const group of out.groups ?? []) {
      const chunks = group.chunks.map((chunk) => {
        const meta = {
          offset: part.bytes + pieces.reduce((s, x) => s + x.length, 0),
          bytes: chunk.bytes.length,
          min: chunk.min,
          max: chunk.max,
        }
        pieces.push(chunk.bytes)
        return meta
      })
      part.groups.push({ rows: group.rows, chunks })
    }
    const size = pieces.reduce((s, x) => s + x.length, 0)
    if (size === 0) return
    this.reserve(size)
    this.disk.files.append(this.partPath(p), pieces)
    part.bytes += size
    this.written += size
  }

  /** Past the quota the write stops here, before the bytes go to disk. */
  private reserve(more: number): void {
    if (this.written + more <= this.disk.freeBytes()) return
    throw new OutputFileError(
      `dataset.write: ${this.spec.file} would bring the scratch folder past the disk quota of ${this.disk.diskMb} MB (this write has ${(this.written / 2 ** 20).toFixed(1)} MB so far, the run's other outputs and shuffle spills hold the rest); write less (filter or aggregate first, choose fewer columns), or overwrite an earlier output instead of writing a new one`,
    )
  }

  satisfied(): boolean {
    return false
  }

  finish(_p: number): void {}

  /** Joins the parts into the output file (each removed once copied) and records it among the run's outputs. */
  complete(): void {
    const { files } = this.disk
    const temporary = `dataset-${this.job}-out`
    files.remove(temporary)
    const columnar = this.spec.format === 'columnar'
    const rowGroups: RowGroupMeta[] = []
    let at = 0
    const put = (bytes: Uint8Array) => {
      // The parts left and the file so far are both on disk: the new bytes must fit beside them.
      this.reserve(bytes.length)
      files.append(temporary, [bytes])
      at += bytes.length
      this.written += bytes.length
    }
    if (columnar) put(new TextEncoder().encode(COLUMNAR_MAGIC))
    this.parts.forEach((part, p) => {
      for (const group of part.groups) {
        rowGroups.push({
          rows: group.rows,
          chunks: group.chunks.map((c) => ({ ...c, offset: c.offset + at })),
        })
      }
      if (part.bytes > 0) this.copyPart(p, put)
    })
    if (columnar) {
      const footer: ColumnarFooter = {
        format: COLUMNAR_FORMAT,
        version: 1,
        columns: (this.spec.schema ?? []).map(([name, type]) => ({ name, type })),
        rows: rowGroups.reduce((sum, g) => sum + g.rows, 0),
        rowGroups,
      }
      put(encodeFooter(footer))
    }
    files.rename(temporary, this.spec.file)
    this.disk.outputs.set(this.spec.file, at)
    this.result = columnar ? { bytes: at, rowGroups: rowGroups.length } : { bytes: at }
  }

  private copyPart(p: number, put: (bytes: Uint8Array) => void): void {
    const path = this.partPath(p)
    const part = this.parts[p] as Part
    const { files } = this.disk
    for (let done = 0; done < part.bytes; ) {
      const chunk = files.read(path, done, Math.min(2 ** 20, part.bytes - done))
      if (chunk.length === 0) break
      put(chunk)
      done += chunk.length
    }
    files.remove(path)
    this.written -= part.bytes
    part.bytes = 0
  }

  /** Bytes of the finished file. */
  get bytes(): number {
    return this.result?.bytes ?? 0
  }

  /** What the learner's write resolves to: the file's name, format, bytes, records (and row groups). */
  value(): { text: string } {
    return {
      text: JSON.stringify({
        file: this.spec.file,
        format: this.spec.format,
        records: this.records,
        ...this.result,
      }),
    }
  }

  /** Removes whatever a failed write left (its parts, the unfinished file). */
  discard(): void {
    for (let p = 0; p < this.parts.length; p++) this.disk.files.remove(this.partPath(p))
    this.disk.files.remove(`dataset-${this.job}-out`)
  }
}
