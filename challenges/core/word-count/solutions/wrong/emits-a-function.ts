// @expect RuntimeError
// Emits a function as the value (a "lazy count"): keys and values must be data, and the error points
// at this emit.
import { mapreduce } from 'arena:mapreduce'

/** A corpus file that only the engine reads: name it in a job's input. */
interface Corpus {
  file: string
  bytes: number
}

export function map(line: string, emit: (word: string, count: unknown) => void): void {
  if (line === '') return
  for (const word of line.split(' ')) emit(word, () => 1)
}

export function reduce(word: string, counts: unknown[], emit: (word: string, count: number) => void): void {
  emit(word, counts.length)
}

export async function solve(input: Corpus): Promise<[string, number][]> {
  const { output } = await mapreduce.run<string, number>({ input: { file: input.file }, reducers: 2 })
  return output.flat().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
