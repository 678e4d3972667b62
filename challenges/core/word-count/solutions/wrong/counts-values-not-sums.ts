// @expect WrongAnswer
// Adds a combiner but keeps a reducer that counts its values: after the combiner each value is a
// partial sum, so a word seen in two splits counts 2 however often it occurred.
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

export function combine(word: string, counts: number[], emit: (word: string, count: number) => void): void {
  emit(
    word,
    counts.reduce((a, b) => a + b, 0),
  )
}

export function reduce(word: string, counts: number[], emit: (word: string, count: number) => void): void {
  emit(word, counts.length)
}

export async function solve(input: Corpus): Promise<[string, number][]> {
  const { output } = await mapreduce.run<string, number>({
    input: { file: input.file },
    reducers: 2,
    combine: 'combine',
  })
  return output.flat().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
