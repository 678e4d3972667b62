// The lesson's starting point: one (word, id) pair per occurrence, no combiner; the reducer removes
// the duplicates. Correct, and every occurrence crosses the shuffle.
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
    [...new Set(ids)].sort((a, b) => a - b),
  )
}

export async function solve(docs: Doc[]): Promise<[string, number[]][]> {
  const per = Math.max(1, Math.ceil(docs.length / (2 * mapreduce.size)))
  const splits: Doc[][] = []
  for (let i = 0; i < docs.length; i += per) splits.push(docs.slice(i, i + per))
  const { output } = await mapreduce.run<string, number[]>({ input: splits, reducers: mapreduce.size })
  return output.flat().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
