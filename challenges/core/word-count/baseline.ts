// The lesson's starting point: the textbook word count, one (word, 1) pair per occurrence and no
// combiner, so every occurrence crosses the shuffle. Correct, and the shuffle is the cost.
import { mapreduce } from 'arena:mapreduce'

interface Corpus {
  lines: string[]
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
  const splits: string[][] = []
  const per = Math.max(1, Math.ceil(input.lines.length / (2 * mapreduce.size)))
  for (let i = 0; i < input.lines.length; i += per) splits.push(input.lines.slice(i, i + per))
  const { output } = await mapreduce.run<string, number>({ input: splits, reducers: mapreduce.size })
  return output.flat().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
