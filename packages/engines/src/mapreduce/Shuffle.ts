import { closeSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Reducer input handed to one reduce call: whole groups, about this many characters. */
export const REDUCE_BATCH_CHARS = 4 * 2 ** 20
const READ_CHUNK = 2 ** 20

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

type Run = ({ text: string } | { file: string }) & { task: number }

/**
 * A sort-based shuffle: every map task hands in one run per reducer, sorted by key. Runs stay in host
 * memory up to `memoryBytes`; past it, runs are spilled to files in the scratch folder (counted
 * against `diskBytes`). Each reducer's input is then a k-way merge of its runs, cut into batches of
 * whole groups. Spilled files are removed once merged, and by `dispose` whatever happened.
 */
export class Shuffle {
  readonly runs: Run[][]
  inMemory = 0
  spilledBytes = 0
  spilledRuns = 0
  private readonly files = new Set<string>()
  private next = 0

  constructor(
    reducers: number,
    private readonly scratchDir: string,
    private readonly prefix: string,
    private readonly memoryBytes: number,
    private readonly diskBytes: number,
    private readonly quotaMb: number,
  ) {
    this.runs = Array.from({ length: reducers }, () => [])
  }

  /** Adds map task `task`'s run for reducer `r`; runs are kept in task order (a stable merge). */
  add(r: number, task: number, text: string): void {
    if (text.length === 0) return
    const bytes = text.length
    if (this.inMemory + bytes <= this.memoryBytes) {
      this.inMemory += bytes
      ;(this.runs[r] as Run[]).push({ text, task })
      return
    }
    const data = Buffer.from(text)
    if (!this.scratchDir || this.spilledBytes + data.length > this.diskBytes)
      throw new ShuffleQuotaError(this.quotaMb)
    const file = join(this.scratchDir, `${this.prefix}-${this.next++}.run`)
    this.files.add(file)
    writeFileSync(file, data)
    this.spilledBytes += data.length
    this.spilledRuns++
    ;(this.runs[r] as Run[]).push({ file, task })
  }

  /** Reducer `r`'s input, merged by key, in batches of whole groups; its runs are dropped as it goes. */
  *batches(r: number): Generator<{ text: string; records: number }> {
    const runs = [...(this.runs[r] ?? [])].sort((a, b) => a.task - b.task)
    const sources = runs.map((run) => ('text' in run ? textLines(run.text) : fileLines(run.file)))
    this.runs[r] = []
    // Closing the sources closes (and removes) their files, also when the reducer failed midway.
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
        if (size >= REDUCE_BATCH_CHARS && key !== lastKey) {
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
    for (const file of this.files) rmSync(file, { force: true })
    this.files.clear()
    this.runs.length = 0
  }
}

function keyOf(line: string): string {
  const tab = line.indexOf('\t')
  return tab < 0 ? line : line.slice(0, tab)
}

function* textLines(text: string): Generator<string> {
  let at = 0
  while (at < text.length) {
    let end = text.indexOf('\n', at)
    if (end < 0) end = text.length
    yield text.slice(at, end)
    at = end + 1
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
