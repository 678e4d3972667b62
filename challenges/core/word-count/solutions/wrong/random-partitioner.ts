// @expect WrongAnswer
// Spreads the load with a random partitioner: the same word goes to different reducers from different
// map tasks, so it comes out twice with two partial counts, and which words do changes from run to
// run. A partitioner must send every copy of a key to the same reducer.
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

export function anywhere(_word: string, reducers: number): number {
  return Math.floor(Math.random() * reducers)
}

export async function solve(input: Corpus): Promise<[string, number][]> {
  const { output } = await mapreduce.run<string, number>({
    input: { file: input.file },
    reducers: 2,
    combine: 'sum',
    reduce: 'sum',
    partition: 'anywhere',
  })
  return output.flat().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
