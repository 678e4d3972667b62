// The host side of a job's `output: { file }` (Hadoop's output format): each reduce task appends what
// its reduce calls emitted, one JSON `[key, value]` line per pair, to a part file of its own in the
// scratch folder (`mapreduce-<job>-part-<r>`, as Hadoop's reducers write part-r-00000); once every
// reducer is done the parts are joined, in reducer order, into the file the learner named, each part
// removed once copied. Everything counts against the disk quota as it is written, with the run's
// earlier outputs and the job's shuffle spills: past it the job fails with OutputQuotaError. The file
// stays for the rest of the run and after it, so a later job can read it (`input: { file, records:
// 'json' }`) and the challenge's check can (`ctx.files`).
import { closeSync, constants, lstatSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { InputFileError } from './inputBlocks.ts'
import { OutputQuotaError, outputNameProblem } from './outputFileName.ts'

export { OutputQuotaError } from './outputFileName.ts'

/** What an output file needs of the engine: the folder, the quota and what else holds it. */
export interface OutputDisk {
  scratchDir: string
  diskMb: number
  /** Bytes the folder may still take before this job's output (the quota less outputs and spills). */
  freeBytes(): number
  /** The run's output files, name -> bytes. */
  outputs: Map<string, number>
}

/**
 * Refuses, before any task runs, a name the job could not write: not a plain name, one of the
 * engine's own, or a file already in the folder that no job wrote (an input is read-only).
 * InputFileError: the learner's promise rejects, the run goes on.
 */
export function checkOutputName(disk: OutputDisk, file: string, job: number): void {
  if (!disk.scratchDir) {
    throw new InputFileError(`mapreduce: job ${job}.output.file: this run has no scratch folder to write to`)
  }
  const stat = outputNameProblem(file, job, false)
    ? undefined
    : lstatSync(join(disk.scratchDir, file), { throwIfNoEntry: false })
  const problem = outputNameProblem(file, job, stat !== undefined && !disk.outputs.has(file))
  if (problem) throw new InputFileError(problem)
}

export class JobOutputFile {
  private readonly partBytes: number[]
  private written = 0
  records = 0
  /** Bytes of the finished file (0 until `complete`). */
  bytes = 0

  constructor(
    readonly file: string,
    reducers: number,
    private readonly disk: OutputDisk,
    private readonly job: number,
  ) {
    this.partBytes = new Array(reducers).fill(0)
  }

  private partPath(r: number): string {
    return join(this.disk.scratchDir, `mapreduce-${this.job}-part-${String(r).padStart(5, '0')}`)
  }

  /** Appends one reduce batch's lines (`text`, '\n' between them) to reducer r's part file. */
  add(r: number, text: string, records: number): void {
    this.records += records
    if (text.length === 0) return
    const bytes = Buffer.from(`${text}\n`, 'utf8')
    this.reserve(bytes.length)
    const fd = openSync(
      this.partPath(r),
      constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_NOFOLLOW,
      0o600,
    )
    try {
      writeSync(fd, bytes)
    } finally {
      closeSync(fd)
    }
    this.partBytes[r] = (this.partBytes[r] ?? 0) + bytes.length
    this.written += bytes.length
  }

  /** Past the quota the write stops here, before the bytes reach the disk. */
  private reserve(more: number): void {
    if (this.written + more <= this.disk.freeBytes()) return
    throw new OutputQuotaError(this.file, this.disk.diskMb, this.written)
  }

  /** Joins the parts into the output file (each removed once copied) and records it among the run's outputs. */
  complete(): void {
    const temporary = join(this.disk.scratchDir, `mapreduce-${this.job}-out`)
    const fd = openSync(
      temporary,
      constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW,
      0o600,
    )
    let at = 0
    try {
      const buffer = new Uint8Array(2 ** 20)
      this.partBytes.forEach((size, r) => {
        if (size === 0) return
        const path = this.partPath(r)
        const part = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW)
        try {
          for (let done = 0; done < size; ) {
            const n = readSync(part, buffer, 0, Math.min(buffer.length, size - done), done)
            if (n === 0) break
            // The parts left and the file so far are both on disk: the copy must fit beside them.
            this.reserve(n)
            writeSync(fd, buffer, 0, n)
            this.written += n
            at += n
            done += n
          }
        } finally {
          closeSync(part)
        }
        rmSync(path, { force: true })
        this.written -= size
        this.partBytes[r] = 0
      })
    } finally {
      closeSync(fd)
    }
    // An earlier output of the same name is replaced: its bytes leave the quota with it.
    renameSync(temporary, join(this.disk.scratchDir, this.file))
    this.disk.outputs.set(this.file, at)
    this.bytes = at
    this.written = 0
  }

  /** What the learner's job resolves with, beside its (empty) partitions. */
  value(): { file: string; bytes: number; records: number } {
    return { file: this.file, bytes: this.bytes, records: this.records }
  }

  /** Removes whatever a failed job left (its parts, the unfinished file). */
  discard(): void {
    for (let r = 0; r < this.partBytes.length; r++) rmSync(this.partPath(r), { force: true })
    rmSync(join(this.disk.scratchDir, `mapreduce-${this.job}-out`), { force: true })
  }
}
