// @expect RuntimeError
// @skips-lesson @perf-trial
// Size dispatch (a held-back try at class 8): corpora small enough for solve go through the engine as
// a pipe (an identity job hands every line back, solve counts them in a Map), and only a large one
// takes the combiner job. The pipe skips the tasks' sorting and combining, so it beat the reference on
// the smaller timed corpus (1.4-1.6x on lines-20k) and the whole score came out above the reference's.
// Now a job may bring back at most 1 MB to solve (`limits.jobResultKb`): the pipe of lines-20k is a
// RuntimeError (issue 14, class 8).
import { mapreduce } from 'arena:mapreduce'

interface Corpus {
  file: string
  bytes: number
}

/** Numbers the lines this worker saw, so each line is a key of its own (no giant group). */
let seen = 0

export function tag(line: string, emit: (id: number, line: string) => void): void {
  emit(seen++, line)
}

export function pass(id: number, lines: string[], emit: (id: number, line: string) => void): void {
  for (const line of lines) emit(id, line)
}

export function map(line: string, emit: (word: string, count: number) => void): void {
  if (line === '') return
  for (const word of line.split(' ')) emit(word, 1)
}

export function sum(word: string, counts: number[], emit: (word: string, count: number) => void): void {
  let total = 0
  for (const count of counts) total += count
  emit(word, total)
}

const byWord = (a: [string, number], b: [string, number]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)

export async function solve(input: Corpus): Promise<[string, number][]> {
  if (input.bytes > 3_000_000) {
    const { output } = await mapreduce.run<string, number>({
      input: { file: input.file },
      reducers: mapreduce.size,
      combine: 'sum',
      reduce: 'sum',
    })
    return output.flat().sort(byWord)
  }
  const { output } = await mapreduce.run<number, string>({
    input: { file: input.file },
    reducers: 1,
    map: 'tag',
    reduce: 'pass',
  })
  const counts = new Map<string, number>()
  for (const [, line] of output.flat()) {
    if (line === '') continue
    for (const word of line.split(' ')) counts.set(word, (counts.get(word) ?? 0) + 1)
  }
  return [...counts].sort(byWord)
}
