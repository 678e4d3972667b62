import { mapreduce } from 'arena:mapreduce'

interface Corpus {
  /** A file only the engine reads: one map task per block, one call of map per line. */
  file: string
  bytes: number
}

/** Called once per line, in a worker: emit (word, 1) for every word. */
export function map(line: string, emit: (word: string, count: number) => void): void {
  // TODO: emit every word of the line, not only the first.
  if (line !== '') emit(line.split(' ')[0]!, 1)
}

/** Called once per word with all the counts emitted for it. */
export function reduce(word: string, counts: number[], emit: (word: string, count: number) => void): void {
  emit(word, counts.length)
}

export async function solve(input: Corpus): Promise<[string, number][]> {
  // TODO: a combiner (`combine: 'yourCombiner'`) shrinks what crosses the shuffle.
  const { output } = await mapreduce.run<string, number>({
    input: { file: input.file },
    reducers: mapreduce.size,
  })
  return output.flat().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
