import { closeSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ShuffleCore, textLines } from './shuffleCore.ts'

export { REDUCE_BATCH_CHARS, ShuffleQuotaError } from './shuffleCore.ts'

const READ_CHUNK = 2 ** 20

/**
 * The server's shuffle: the shared core (shuffleCore.ts: runs per reducer, k-way merge, batches of
 * whole groups) with runs past `memoryBytes` spilled to files in the scratch folder (counted against
 * `diskBytes`). Spilled files are removed once merged, and by `dispose` whatever happened.
 */
export class Shuffle extends ShuffleCore {
  private readonly files = new Set<string>()
  private next = 0

  constructor(
    reducers: number,
    private readonly scratchDir: string,
    private readonly prefix: string,
    memoryBytes: number,
    diskBytes: number,
    quotaMb: number,
    maxBatchChars?: number,
  ) {
    super(reducers, memoryBytes, diskBytes, quotaMb, maxBatchChars)
  }

  // Node's native count: a run's text can be tens of MB, and the shared one loops in JS past ASCII.
  override byteLength(text: string): number {
    return Buffer.byteLength(text)
  }

  protected override canSpill(): boolean {
    return Boolean(this.scratchDir)
  }

  protected override spill(text: string): () => Iterator<string> {
    const file = join(this.scratchDir, `${this.prefix}-${this.next++}.run`)
    this.files.add(file)
    writeFileSync(file, text)
    return () => fileLines(file)
  }

  override dispose(): void {
    for (const file of this.files) rmSync(file, { force: true })
    this.files.clear()
    super.dispose()
  }
}

function* fileLines(file: string): Generator<string> {
  const fd = openSync(file, 'r')
  try {
    const chunk = Buffer.allocUnsafe(READ_CHUNK)
    let rest = ''
    for (;;) {
      const n = readSync(fd, chunk, 0, READ_CHUNK, null)
      if (n === 0) break
      // Lines are ASCII-safe to cut only at '\n' (a UTF-8 sequence never holds byte 0x0a).
      const last = chunk.lastIndexOf(10, n - 1)
      if (last < 0) {
        rest += chunk.toString('utf8', 0, n)
        continue
      }
      const text = rest + chunk.toString('utf8', 0, last)
      rest = chunk.toString('utf8', last + 1, n)
      yield* textLines(text)
    }
    if (rest) yield rest
  } finally {
    closeSync(fd)
    rmSync(file, { force: true })
  }
}
