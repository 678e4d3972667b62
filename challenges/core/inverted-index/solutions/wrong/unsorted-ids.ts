// @expect WrongAnswer
// Concatenates the posting lists in the order they arrive: document ids are not in input order, so
// the lists come out unsorted.
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

export function merge(word: string, lists: number[][], emit: (word: string, ids: number[]) => void): void {
  emit(word, lists.flat())
}

export async function solve(input: Corpus): Promise<void> {
  await mapreduce.run({
    input: { file: input.file, records: 'json' },
    reducers: mapreduce.size,
    combine: 'merge',
    reduce: 'merge',
    output: { file: input.index },
  })
}
