// Each map call emits a word once per document (a Set), not once per occurrence; a combiner turns a map
// task's (word, id) pairs into one (word, ids) pair, so the shuffle carries one posting list per word
// per task. The reducer takes lists (or single ids, should a combiner not have run) and sorts once.
import { mapreduce } from 'arena:mapreduce'

interface Doc {
  id: number
  text: string
}

const SPLITS_PER_WORKER = 2

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

export async function solve(docs: Doc[]): Promise<[string, number[]][]> {
  const splitCount = mapreduce.size * SPLITS_PER_WORKER
  const per = Math.max(1, Math.ceil(docs.length / splitCount))
  const splits: Doc[][] = []
  for (let i = 0; i < docs.length; i += per) splits.push(docs.slice(i, i + per))
  const { output } = await mapreduce.run<string, number[]>({
    input: splits,
    reducers: mapreduce.size,
    combine: 'merge',
  })
  return output.flat().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
