// The platform-neutral part of the mapreduce shuffle (no node:*, no Buffer): sorted runs per reducer,
// the k-way merge and the batches of whole groups. The server's Shuffle (Shuffle.ts) spills runs to
// its scratch folder on top of this; the browser's local runs keep them in memory.

/** Reducer input handed to one reduce call: whole groups, about this many characters. */
export const REDUCE_BATCH_CHARS = 4 * 2 ** 20

/** The shuffle spilled more than the run's disk quota. */
export class ShuffleQuotaError extends Error {
  readonly code = 'ARENA_MAPREDUCE_SHUFFLE_QUOTA'
  constructor(quotaMb: number) {
    super(
      `mapreduce: the shuffle needed more than the disk quota of ${quotaMb} MB for its spilled runs; emit less (a combiner shrinks the shuffle) or fewer pairs per record`,
    )
    this.name = 'ShuffleQuotaError'
  }
}

/** One map task's sorted run for one reducer: its lines, read when the reducer merges. */
export interface SortedRun {
  task: number
  lines(): Iterator<string>
}

/**
 * A sort-based shuffle: every map task hands in one run per reducer, sorted by key. Runs stay in
 * memory up to `memoryBytes`; past it a run is spilled (`spill`), counted against `diskBytes`. Each
 * reducer's input is then a k-way merge of its runs, cut into batches of whole groups. This class
 * keeps spilled runs in memory (the browser has no scratch folder; the quota still holds, so a run
 * fails where the server's would); the server's Shuffle writes them to files.
 */
export class ShuffleCore {
  readonly runs: SortedRun[][]
  inMemory = 0
  spilledBytes = 0
  spilledRuns = 0
  /**
   * Characters per reduce batch: REDUCE_BATCH_CHARS, but at most half the sort buffer (an eighth of the
   * memory limit), so a batch and what its reduce calls build fit in a worker with a small heap; a
   * caller that decodes a whole batch at once (the dataset engine) asks for less with `maxBatchChars`.
   */
  readonly batchChars: number

  constructor(
    reducers: number,
    private readonly memoryBytes: number,
    private readonly diskBytes: number,
    private readonly quotaMb: number,
    maxBatchChars: number = REDUCE_BATCH_CHARS,
  ) {
    this.runs = Array.from({ length: reducers }, () => [])
    this.batchChars = Math.min(
      REDUCE_BATCH_CHARS,
      maxBatchChars,
      Math.max(64 * 1024, Math.floor(memoryBytes / 2)),
    )
  }

  /** Adds map task `task`'s run for reducer `r`; runs are kept in task order (a stable merge). */
  add(r: number, task: number, text: string): void {
    if (text.length === 0) return
    const runs = this.runs[r] as SortedRun[]
    if (this.inMemory + text.length <= this.memoryBytes) {
      this.inMemory += text.length
      runs.push({ task, lines: () => textLines(text) })
      return
    }
    const bytes = this.byteLength(text)
    if (!this.canSpill() || this.spilledBytes + bytes > this.diskBytes)
      throw new ShuffleQuotaError(this.quotaMb)
    const lines = this.spill(text)
    this.spilledBytes += bytes
    this.spilledRuns++
    runs.push({ task, lines })
  }

  /** Bytes of `text` in UTF-8: what a run counts in `shuffleBytes` and against the disk quota. */
  byteLength(text: string): number {
    return utf8Length(text)
  }

  /** Whether a run may spill at all (the server needs a scratch folder). */
  protected canSpill(): boolean {
    return true
  }

  /** Keeps a run past the memory buffer; returns how to read its lines back. */
  protected spill(text: string): () => Iterator<string> {
    return () => textLines(text)
  }

  /** Reducer `r`'s input, merged by key, in batches of whole groups; its runs are dropped as it goes. */
  *batches(r: number): Generator<{ text: string; records: number }> {
    const runs = [...(this.runs[r] ?? [])].sort((a, b) => a.task - b.task)
    const sources = runs.map((run) => run.lines())
    this.runs[r] = []
    // Closing the sources releases what they hold (a spilled file), also when the reducer failed midway.
    try {
      const heap = new LineHeap()
      for (let i = 0; i < sources.length; i++) heap.push(sources[i] as Iterator<string>, i)
      let lines: string[] = []
      let size = 0
      let lastKey: string | undefined
      for (;;) {
        const head = heap.pop()
        if (!head) break
        const key = keyOf(head.line)
        if (size >= this.batchChars && key !== lastKey) {
          yield { text: lines.join('\n'), records: lines.length }
          lines = []
          size = 0
        }
        lines.push(head.line)
        size += head.line.length + 1
        lastKey = key
      }
      if (lines.length) yield { text: lines.join('\n'), records: lines.length }
    } finally {
      for (const source of sources) source.return?.(undefined)
    }
  }

  dispose(): void {
    this.runs.length = 0
  }
}

const NON_ASCII = /[\u0080-\uffff]/

/** Bytes of `text` in UTF-8 (what a spilled run takes on disk), without encoding it. */
export function utf8Length(text: string): number {
  // Most shuffles are ASCII: one native scan instead of a loop over every character.
  if (!NON_ASCII.test(text)) return text.length
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next < 0xe000) {
        bytes += 4
        i++
      } else bytes += 3
    } else bytes += 3
  }
  return bytes
}

function keyOf(line: string): string {
  const tab = line.indexOf('\t')
  return tab < 0 ? line : line.slice(0, tab)
}

/** The lines of a run's text (one pair per line). */
export function* textLines(text: string): Generator<string> {
  let at = 0
  while (at < text.length) {
    let end = text.indexOf('\n', at)
    if (end < 0) end = text.length
    yield text.slice(at, end)
    at = end + 1
  }
}

/** A min-heap of the runs' current lines, by key, then by run (equal keys keep the runs' order). */
class LineHeap {
  private readonly items: { line: string; key: string; run: number; source: Iterator<string> }[] = []

  push(source: Iterator<string>, run: number): void {
    const next = source.next()
    if (next.done) return
    this.items.push({ line: next.value, key: keyOf(next.value), run, source })
    this.up(this.items.length - 1)
  }

  pop(): { line: string } | undefined {
    const top = this.items[0]
    if (!top) return undefined
    const next = top.source.next()
    if (next.done) {
      const last = this.items.pop() as (typeof this.items)[number]
      if (this.items.length === 0) return { line: top.line }
      this.items[0] = last
    } else {
      this.items[0] = { line: next.value, key: keyOf(next.value), run: top.run, source: top.source }
    }
    this.down(0)
    return { line: top.line }
  }

  private less(a: number, b: number): boolean {
    const x = this.items[a] as (typeof this.items)[number]
    const y = this.items[b] as (typeof this.items)[number]
    return x.key < y.key || (x.key === y.key && x.run < y.run)
  }

  private swap(a: number, b: number): void {
    const t = this.items[a] as (typeof this.items)[number]
    this.items[a] = this.items[b] as (typeof this.items)[number]
    this.items[b] = t
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.less(i, parent)) return
      this.swap(i, parent)
      i = parent
    }
  }

  private down(i: number): void {
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < this.items.length && this.less(l, m)) m = l
      if (r < this.items.length && this.less(r, m)) m = r
      if (m === i) return
      this.swap(i, m)
      i = m
    }
  }
}
