// The lesson's starting point: the textbook word count, one (word, 1) pair per occurrence and no
// combiner, so every occurrence crosses the shuffle. Correct, and the shuffle is the cost.
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

export function reduce(word: string, counts: number[], emit: (word: string, count: number) => void): void {
  let total = 0
  for (const count of counts) total += count
  emit(word, total)
}

export async function solve(input: Corpus): Promise<[string, number][]> {
  const { output } = await mapreduce.run<string, number>({
    input: { file: input.file },
    reducers: mapreduce.size,
  })
  return output.flat().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
