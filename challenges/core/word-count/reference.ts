// A combiner sums each map task's counts before the shuffle: a map task emits one pair per word it
// saw, not one per occurrence, and Zipf's law (a few words make most of the text) makes that a small
// fraction. The corpus is a file only the engine reads: one map task per block; the reducers sum
// the partial counts.
import { mapreduce } from 'arena:mapreduce'

/** A corpus file that only the engine reads: name it in a job's input. */
interface Corpus {
  file: string
  bytes: number
}

export function map(line: string, emit: (word: string, count: number) => void): void {
  if (line === '') return
  for (const word of line.split(' ')) emit(word, 1)
}

/** Combiner and reducer alike: partial counts add up. */
export function sum(word: string, counts: number[], emit: (word: string, count: number) => void): void {
  let total = 0
  for (const count of counts) total += count
  emit(word, total)
}

export async function solve(input: Corpus): Promise<[string, number][]> {
  const { output } = await mapreduce.run<string, number>({
    input: { file: input.file },
    reducers: mapreduce.size,
    combine: 'sum',
    reduce: 'sum',
  })
  return output.flat().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
