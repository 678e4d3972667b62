// @expect WrongAnswer
// Sorts the ids but keeps one per occurrence: a document that says "the" twice is listed twice.
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

export function map(doc: Doc, emit: (word: string, id: number) => void): void {
  if (doc.text === '') return
  for (const word of doc.text.split(' ')) emit(word, doc.id)
}

export function reduce(word: string, ids: number[], emit: (word: string, ids: number[]) => void): void {
  emit(
    word,
    ids.sort((a, b) => a - b),
  )
}

export async function solve(input: Corpus): Promise<void> {
  await mapreduce.run({
    input: { file: input.file, records: 'json' },
    reducers: mapreduce.size,
    output: { file: input.index },
  })
}
