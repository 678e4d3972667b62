// @expect RuntimeError
// @skips-lesson
// Uses the engine only as a pipe: an identity job hands every document back to solve, which indexes
// with a plain Map, and a second job only writes the finished postings to the index file. Correct on
// small corpora (and as fast as the reference there: the index is as large as the input), but the
// largest corpus is larger than solve's memory, so the documents cannot come back (MemoryLimit): only
// building the index in the tasks, written by the reducers, scales (issue 14, class 8).
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

export function map(doc: Doc, emit: (id: number, text: string) => void): void {
  emit(doc.id, doc.text)
}

export function reduce(id: number, texts: string[], emit: (id: number, text: string) => void): void {
  for (const text of texts) emit(id, text)
}

/** The second job: each posting list goes through unchanged, and its reducer writes it. */
export function pass(entry: [string, number[]], emit: (word: string, ids: number[]) => void): void {
  emit(entry[0], entry[1])
}

export function write(word: string, lists: number[][], emit: (word: string, ids: number[]) => void): void {
  for (const ids of lists) emit(word, ids)
}

export async function solve(input: Corpus): Promise<void> {
  const { output } = await mapreduce.run<number, string>({
    input: { file: input.file, records: 'json' },
    reducers: mapreduce.size,
  })
  const postings = new Map<string, Set<number>>()
  for (const [id, text] of output.flat()) {
    if (text === '') continue
    for (const word of text.split(' ')) {
      const ids = postings.get(word) ?? new Set<number>()
      postings.set(word, ids)
      ids.add(id)
    }
  }
  const entries = [...postings].map(([word, ids]): [string, number[]] => [
    word,
    [...ids].sort((a, b) => a - b),
  ])
  const splits = Array.from({ length: mapreduce.size }, (_, s) =>
    entries.filter((_, i) => i % mapreduce.size === s),
  )
  await mapreduce.run({
    input: splits,
    map: 'pass',
    reduce: 'write',
    reducers: mapreduce.size,
    output: { file: input.index },
  })
}
