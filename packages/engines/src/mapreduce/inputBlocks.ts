import type { Splits } from './jobCounters.ts'
// A job input that only the engine reads: a file of the run's inputs, cut into blocks the way HDFS
// and Hadoop's TextInputFormat cut a file into splits. The learner's main isolate only names the
// file; each map task gets its block's records. So a challenge can hand `solve` a corpus that `solve`
// cannot read (and that is larger than its memory): the engine is the only way to the answer.
// Platform-neutral: the server reads the scratch folder's file, the browser its in-memory copy.

/** What the guest may ask for: `input: { file, records?, splitBytes? }` (mapreduceGuestSource.ts). */
export interface FileInputSpec {
  file: string
  /** `lines`: each line is a record (a string, without its '\n'); `json`: each line is parsed as JSON. */
  records: 'lines' | 'json'
  /** Bytes per split (map task): from MIN_SPLIT_BYTES to the engine's `blockBytes`. */
  splitBytes: number
}

/** The bytes of one input file, read by range. */
export interface ByteSource {
  readonly size: number
  read(position: number, length: number): Uint8Array
}

/** An input file of the run (on disk, or in memory in the page), open for reading by range; `close` when the job ends. */
export interface OpenInputFile extends ByteSource {
  close(): void
}

export const MIN_SPLIT_BYTES = 4096
const NEWLINE = 10
const SCAN_BYTES = 64 * 1024

/**
 * The default split (HDFS block) size for a run: a 64th of the memory limit, between 64 KiB and 1 MiB.
 * A map task's records and the pairs it emits wait in its worker's heap, which has `memoryMb`.
 */
export function blockBytesFor(memoryMb: number): number {
  return Math.min(2 ** 20, Math.max(64 * 1024, Math.floor((memoryMb * 2 ** 20) / 64)))
}

/**
 * Re-checks what the guest sent (learner code can patch the built-ins the guest's checks use): a
 * problem to report, or the spec with defaults filled in.
 */
export function checkFileInput(raw: unknown, blockBytes: number): FileInputSpec | string {
  const spec = raw as Partial<Record<keyof FileInputSpec, unknown>> | null
  if (spec === null || typeof spec !== 'object' || typeof spec.file !== 'string') {
    return 'mapreduce: job 0.input must be an array of splits or { file: "name" }'
  }
  const records = spec.records ?? 'lines'
  if (records !== 'lines' && records !== 'json') {
    return `mapreduce: job 0.input.records must be 'lines' or 'json', got ${String(records).slice(0, 40)}`
  }
  const splitBytes = spec.splitBytes ?? blockBytes
  if (
    typeof splitBytes !== 'number' ||
    !Number.isInteger(splitBytes) ||
    splitBytes < MIN_SPLIT_BYTES ||
    splitBytes > blockBytes
  ) {
    return `mapreduce: job 0.input.splitBytes must be a whole number from ${MIN_SPLIT_BYTES} to ${blockBytes} (the block size), got ${String(splitBytes).slice(0, 40)}`
  }
  return { file: spec.file, records, splitBytes }
}

/**
 * A file cut into splits of `splitBytes`: split i holds the lines that START in its byte range
 * [i × splitBytes, (i + 1) × splitBytes), so a line that crosses a boundary belongs to the split it
 * starts in (Hadoop's rule) and every line is read exactly once. A line longer than a split leaves
 * the splits it covers empty.
 */
export class InputBlocks {
  readonly count: number
  private readonly decoder = new TextDecoder()

  constructor(
    readonly spec: FileInputSpec,
    private readonly source: ByteSource,
  ) {
    this.count = Math.ceil(source.size / spec.splitBytes)
  }

  /** Split i's text: whole lines, UTF-8 decoded. */
  text(i: number): string {
    const { splitBytes } = this.spec
    const start = this.lineStartFrom(i * splitBytes)
    const end = this.lineStartFrom(Math.min((i + 1) * splitBytes, this.source.size))
    if (end <= start) return ''
    return this.decoder.decode(this.source.read(start, end - start))
  }

  /** The first position at or after `at` where a line starts (the file's size if none does). */
  private lineStartFrom(at: number): number {
    const size = this.source.size
    if (at <= 0) return 0
    if (at >= size) return size
    // A line starts at `at` when the byte before it ends a line.
    for (let from = at - 1; from < size; from += SCAN_BYTES) {
      const chunk = this.source.read(from, Math.min(SCAN_BYTES, size - from))
      const newline = chunk.indexOf(NEWLINE)
      if (newline >= 0) return from + newline + 1
    }
    return size
  }
}

/**
 * The splits of a chain's first job: records given in the call, or a named input file cut into blocks
 * (`open` reads it: the scratch folder on the server, the run's files in the page). The learner's
 * mistakes (a bad spec, a file that is not there) throw InputFileError, which their promise rejects with.
 */
export function firstJobSplits(
  input: unknown,
  blockBytes: number,
  open: (name: string) => ByteSource,
  /** Whether the call's data are files: then records from `solve` are refused (recordsBesideFiles). */
  dataAreFiles = false,
): Splits {
  if (Array.isArray(input)) {
    if (dataAreFiles) throw recordsBesideFiles()
    return { records: input }
  }
  const spec = checkFileInput(input, blockBytes)
  if (typeof spec === 'string') throw new InputFileError(spec)
  return { blocks: new InputBlocks(spec, open(spec.file)) }
}

/**
 * Records handed over by `solve` as a job's input, in a call whose data are files: refused, on server
 * and page alike. A Hadoop driver hands its jobs paths, not records; here it also keeps what `solve`
 * computed out of the job that writes an answer file. Without it a learner could read the input's
 * size and, on the small timed cases only, pipe the records into `solve`, compute there and hand the
 * result to a last job to write (issue 14, class 8: gold 5.00x on pagerank, the engine skipped
 * wherever the clock looked).
 */
export function recordsBesideFiles(): InputFileError {
  return new InputFileError(
    "mapreduce: job 0.input: this challenge's data are files, so a job reads a file (`input: { file }`) or the output of the job before it in a chain; records from solve cannot be a job's input (a Hadoop driver hands its jobs paths, not records)",
  )
}

/** The words for an input file that is not in the run's folder, the same on server and page. */
export function missingInputFile(name: string): InputFileError {
  return new InputFileError(
    `mapreduce: job 0.input.file: there is no input file named ${JSON.stringify(name)}`,
  )
}

/** The input file could not be read (missing, not a plain file, a bad name): the learner's mistake. */
export class InputFileError extends Error {
  readonly code = 'ARENA_MAPREDUCE_INPUT_FILE'
  constructor(message: string) {
    super(message)
    this.name = 'InputFileError'
  }
}
