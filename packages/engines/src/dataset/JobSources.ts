// Where a job's stages get their records: input files cut into blocks (the mapreduce engine's
// InputBlocks, so a line belongs to the block it starts in), fromArray's registered partitions, cached
// partitions (taken when the job is planned, so an unpersist meanwhile changes nothing), and the
// shuffles the job's wide transformations write. Each yields a partition's input as batches of text.
import { InputBlocks, InputFileError, type OpenInputFile } from '../mapreduce/inputBlocks.ts'
import { type ShuffleCore, utf8Length } from '../mapreduce/shuffleCore.ts'
import { type BinaryBatch, type BinaryInput, BinaryRecordsInput, ColumnarInput } from './binaryInputs.ts'
import type { PartitionCache } from './PartitionCache.ts'
import { MAX_PARTITIONS, type PlanNode } from './planNodes.ts'
import type { StageInput } from './planStages.ts'
import type { StageCounters } from './stageCounters.ts'

export interface SourceContext {
  /** Opens one of the run's input files (InputFileError when it cannot be read). */
  openInput(name: string): OpenInputFile
  blockBytes: number
  /** Characters of records text per call into a worker. */
  batchChars: number
  cache: PartitionCache
  arrayPartitions(id: number): readonly string[] | undefined
}

export class JobSources {
  private readonly files: OpenInputFile[] = []
  private readonly blocks = new Map<number, { blocks: InputBlocks; headerLine?: string }>()
  private readonly binary = new Map<number, BinaryInput>()
  private readonly cached = new Map<number, string[]>()
  /** The job's live shuffles by id (planStages numbers them), made by their first writer. */
  readonly shuffles = new Map<number, ShuffleCore>()
  /** A treeReduce's partials of the stage before the level running now, one JSON text per task (empty: none). */
  partials: readonly string[] = []

  constructor(private readonly context: SourceContext) {}

  /** Partitions of a source node: a file's blocks (opened now, in the call that acts) or fromArray's slices. */
  partitions(node: PlanNode): number {
    if (node.op === 'array') {
      const parts = this.context.arrayPartitions(node.array as number)
      if (!parts) throw new InputFileError('dataset.fromArray: its data is gone')
      return parts.length
    }
    if ((node.file as string).startsWith('dataset-')) {
      throw new InputFileError(`dataset.read: ${node.file} is the engine's own shuffle file, not an input`)
    }
    const file = this.context.openInput(node.file as string)
    this.files.push(file)
    const { blockBytes } = this.context
    if (node.format === 'columnar' || node.format === 'binary') {
      const input =
        node.format === 'columnar'
          ? new ColumnarInput(node.file as string, file, node, blockBytes, 4 * blockBytes)
          : new BinaryRecordsInput(node.file as string, file, node, blockBytes)
      this.binary.set(node.id, input)
      return input.partitions
    }
    // `partitions` asks for about that many blocks; never larger than a block nor smaller than 4 KiB.
    const splitBytes = node.partitions
      ? Math.min(blockBytes, Math.max(4096, Math.ceil(file.size / node.partitions)))
      : blockBytes
    const blocks = new InputBlocks({ file: node.file as string, records: 'lines', splitBytes }, file)
    if (blocks.count > MAX_PARTITIONS) {
      throw new InputFileError(
        `dataset.read: ${node.file} would need ${blocks.count} partitions of ${splitBytes} bytes, more than ${MAX_PARTITIONS}`,
      )
    }
    this.blocks.set(node.id, { blocks, headerLine: node.header ? firstLine(file) : undefined })
    return Math.max(1, blocks.count)
  }

  /** The worker's decoding spec of a columnar or binary read, undefined for text formats. */
  binarySpec(node: number): Record<string, unknown> | undefined {
    return this.binary.get(node)?.spec()
  }

  /** A CSV file's header line, when the read asked for one. */
  headerLine(node: number): string | undefined {
    return this.blocks.get(node)?.headerLine
  }

  /** Whether every partition of cached node `id` is stored; if so, this job reads them as they are now. */
  cacheComplete(id: number, partitions: number): boolean {
    const { cache } = this.context
    if (!cache.complete(id, partitions)) return false
    if (!this.cached.has(id)) {
      this.cached.set(
        id,
        Array.from({ length: partitions }, (_, p) => cache.get(id, p) ?? ''),
      )
    }
    return true
  }

  /** Partition `p` of a stage's input, as batches of text for the worker; counts what was read. */
  *batches(
    input: StageInput,
    array: number | undefined,
    p: number,
    c: StageCounters,
  ): Generator<string | BinaryBatch | undefined, void> {
    switch (input.kind) {
      case 'read': {
        const binary = this.binary.get(input.node)
        if (binary) {
          yield binary.batch(p, c)
          return
        }
        const text = this.blocks.get(input.node)?.blocks.text(p) ?? ''
        c.inputBytes += utf8Length(text)
        yield text
        return
      }
      case 'array':
      case 'cache': {
        const text =
          input.kind === 'array'
            ? (this.context.arrayPartitions(array as number)?.[p] ?? '')
            : (this.cached.get(input.node)?.[p] ?? '')
        if (input.kind === 'cache') c.cacheHitPartitions++
        c.inputBytes += utf8Length(text)
        yield* lineChunks(text, this.context.batchChars)
        return
      }
      case 'partials': {
        const from = p * input.fanIn
        const text = this.partials
          .slice(from, from + input.fanIn)
          .filter((partial) => partial !== '')
          .join('\n')
        c.shuffleReadBytes += utf8Length(text)
        yield text
        return
      }
      case 'shuffle': {
        const shuffle = this.shuffles.get(input.shuffle)
        if (!shuffle) return
        for (const batch of shuffle.batches(p)) {
          c.shuffleReadBytes += shuffle.byteLength(batch.text)
          yield batch.text
        }
      }
    }
  }

  /** The shuffle's runs and spill files go once its reading stage is done (each has one reader). */
  dropShuffle(id: number): void {
    this.shuffles.get(id)?.dispose()
    this.shuffles.delete(id)
  }

  close(): void {
    for (const file of this.files) file.close()
    for (const shuffle of this.shuffles.values()) shuffle.dispose()
    this.shuffles.clear()
  }
}

/** Up to `max` characters of whole lines at a time. */
export function* lineChunks(text: string, max: number): Generator<string, void> {
  let at = 0
  while (at < text.length) {
    let end = at + max >= text.length ? text.length : text.lastIndexOf('\n', at + max)
    if (end <= at) end = text.indexOf('\n', at + max)
    if (end < 0) end = text.length
    yield text.slice(at, end)
    at = end + 1
  }
}

/** The first line of a file (a CSV header), read up to 64 KiB. */
function firstLine(file: OpenInputFile): string {
  const bytes = file.read(0, Math.min(file.size, 64 * 1024))
  const text = new TextDecoder().decode(bytes)
  const end = text.indexOf('\n')
  return end < 0 ? text : text.slice(0, end)
}
