// Each map call emits a word once per document (a Set), not once per occurrence; a combiner turns a map
// task's (word, id) pairs into one (word, ids) pair, so the shuffle carries one posting list per word
// per task. The reducer takes lists (or single ids, should a combiner not have run) and sorts once.
// The documents are a file only the engine reads: one map task per block of lines; the reducers
// write the index into `input.index` (`output: { file }`), so it never passes through solve.
import { mapreduce } from 'arena:mapreduce'

interface Doc {
  id: number
  text: string
}

/** The documents: a file only the engine reads, one JSON document per line. */
interface Corpus {
  file: string
  bytes: number
  documents: number
  /** The file the index goes to. */
  index: string
}

export function map(doc: Doc, emit: (word: string, ids: number[]) => void): void {
  if (doc.text === '') return
  for (const word of new Set(doc.text.split(' '))) emit(word, [doc.id])
}

/** Combiner and reducer alike: posting lists concatenate; the reducer's output is sorted. */
export function merge(word: string, lists: number[][], emit: (word: string, ids: number[]) => void): void {
  const ids: number[] = []
  for (const list of lists) for (const id of list) ids.push(id)
  emit(word, ids)
}

export function reduce(word: string, lists: number[][], emit: (word: string, ids: number[]) => void): void {
  const ids: number[] = []
  for (const list of lists) for (const id of list) ids.push(id)
  emit(
    word,
    ids.sort((a, b) => a - b),
  )
}

export async function solve(input: Corpus): Promise<void> {
  await mapreduce.run({
    input: { file: input.file, records: 'json' },
    reducers: mapreduce.size,
    combine: 'merge',
    output: { file: input.index },
  })
}
