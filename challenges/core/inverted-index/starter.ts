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

/** Called once per document, in a worker. */
export function map(doc: Doc, emit: (word: string, id: number) => void): void {
  // TODO: emit every word of the document, not only the first.
  if (doc.text !== '') emit(doc.text.split(' ')[0]!, doc.id)
}

/** Called once per word with every id emitted for it. */
export function reduce(word: string, ids: number[], emit: (word: string, ids: number[]) => void): void {
  emit(word, ids)
}

export async function solve(input: Corpus): Promise<void> {
  await mapreduce.run({
    input: { file: input.file, records: 'json' },
    reducers: mapreduce.size,
    output: { file: input.index },
  })
}
