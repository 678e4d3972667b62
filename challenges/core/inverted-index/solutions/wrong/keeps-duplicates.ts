// @expect WrongAnswer
// Sorts the ids but keeps one per occurrence: a document that says "the" twice is listed twice.
import { mapreduce } from 'arena:mapreduce'

interface Doc {
  id: number
  text: string
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

export async function solve(docs: Doc[]): Promise<[string, number[]][]> {
  const { output } = await mapreduce.run<string, number[]>({ input: [docs], reducers: mapreduce.size })
  return output.flat().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
