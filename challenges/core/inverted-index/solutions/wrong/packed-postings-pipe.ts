// @expect RuntimeError
// @skips-lesson
// The engine as a compressing pipe: a combiner turns each map task's documents into one packed
// posting block (the split's words joined by spaces, and for each word its ids as delta varints in one
// Uint8Array, a byte or two a posting), an identity reducer hands the blocks back to solve, which would
// merge them word by word into one Uint8Array per word, and a last job decodes, sorts and writes each
// word's ids. Every posting still has to pass through solve: on the 22 MB hidden corpus it ends in
// MemoryLimit (16 MB) already when the first job's blocks come back, before any merging (measured with
// a probe that stops there) (issue 14, class 8).
// Since jobs in a call whose data are files take no records from solve (the engine's
// recordsBesideFiles), the last job cannot be handed what solve computed: RuntimeError on the first
// case, whatever its size.
import { mapreduce } from 'arena:mapreduce'

interface Doc {
  id: number
  text: string
}

interface Corpus {
  file: string
  bytes: number
  documents: number
  index: string
}

type Block = [words: string, ids: Uint8Array]

export function toTask(doc: Doc, emit: (key: number, doc: Doc) => void): void {
  emit(0, doc)
}

function putVarint(out: { bytes: Uint8Array; at: number }, n: number): void {
  if (out.at + 5 > out.bytes.length) {
    const bigger = new Uint8Array(out.bytes.length * 2)
    bigger.set(out.bytes)
    out.bytes = bigger
  }
  while (n >= 0x80) {
    out.bytes[out.at++] = (n & 0x7f) | 0x80
    n >>>= 7
  }
  out.bytes[out.at++] = n
}

/** One split's postings: word list, then per word its count and id deltas (the first from 0). */
export function pack(_key: number, docs: Doc[], emit: (first: number, block: Block) => void): void {
  docs.sort((a, b) => a.id - b.id)
  const postings = new Map<string, number[]>()
  for (const doc of docs) {
    if (doc.text === '') continue
    for (const word of new Set(doc.text.split(' '))) {
      const ids = postings.get(word)
      if (ids) ids.push(doc.id)
      else postings.set(word, [doc.id])
    }
  }
  const out = { bytes: new Uint8Array(4096), at: 0 }
  for (const ids of postings.values()) {
    putVarint(out, ids.length)
    let prev = 0
    for (const id of ids) {
      putVarint(out, id - prev)
      prev = id
    }
  }
  if (postings.size > 0) emit(docs[0]!.id, [[...postings.keys()].join(' '), out.bytes.slice(0, out.at)])
}

export function same(key: number, blocks: Block[], emit: (key: number, block: Block) => void): void {
  for (const block of blocks) emit(key, block)
}

/** The last job: a word's ids as absolute varints, decoded and written. */
export function unpack(entry: [string, Uint8Array], emit: (word: string, ids: number[]) => void): void {
  const [word, bytes] = entry
  const ids: number[] = []
  let at = 0
  while (at < bytes.length) {
    let n = 0
    let shift = 0
    for (;;) {
      const b = bytes[at++]!
      n += (b & 0x7f) * 2 ** shift
      if (b < 0x80) break
      shift += 7
    }
    ids.push(n)
  }
  emit(
    word,
    ids.sort((a, b) => a - b),
  )
}

export function write(word: string, lists: number[][], emit: (word: string, ids: number[]) => void): void {
  for (const ids of lists) emit(word, ids)
}

export async function solve(input: Corpus): Promise<void> {
  const { output } = await mapreduce.run<number, Block>({
    input: { file: input.file, records: 'json' },
    reducers: mapreduce.size,
    map: 'toTask',
    combine: 'pack',
    reduce: 'same',
  })
  const blocks = output.flat().sort((a, b) => a[0] - b[0])
  const merged = new Map<string, { bytes: Uint8Array; at: number }>()
  for (let i = 0; i < blocks.length; i++) {
    const [, [words, bytes]] = blocks[i]!
    let at = 0
    const get = () => {
      let n = 0
      let shift = 0
      for (;;) {
        const b = bytes[at++]!
        n += (b & 0x7f) * 2 ** shift
        if (b < 0x80) return n
        shift += 7
      }
    }
    for (const word of words.split(' ')) {
      let out = merged.get(word)
      if (!out) {
        out = { bytes: new Uint8Array(8), at: 0 }
        merged.set(word, out)
      }
      const count = get()
      let id = 0
      for (let k = 0; k < count; k++) {
        id += get()
        putVarint(out, id)
      }
    }
    ;(blocks as unknown[])[i] = null
  }
  const splits: [string, Uint8Array][][] = Array.from({ length: mapreduce.size }, () => [])
  let s = 0
  for (const [word, out] of merged) splits[s++ % splits.length]!.push([word, out.bytes.slice(0, out.at)])
  await mapreduce.run({
    input: splits,
    map: 'unpack',
    reduce: 'write',
    reducers: mapreduce.size,
    output: { file: input.index },
  })
}
