// @expect WrongAnswer
// Returns the first reducer's output partition only: each reducer holds the words hashed to it, so
// the others' words are missing.
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

export function sum(word: string, counts: number[], emit: (word: string, count: number) => void): void {
  emit(
    word,
    counts.reduce((a, b) => a + b, 0),
  )
}

export async function solve(input: Corpus): Promise<[string, number][]> {
  const { output } = await mapreduce.run<string, number>({
    input: { file: input.file },
    reducers: 2,
    combine: 'sum',
    reduce: 'sum',
  })
  return output[0]!.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
