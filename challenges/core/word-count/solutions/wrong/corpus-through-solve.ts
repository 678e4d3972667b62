// @expect RuntimeError
// @skips-lesson
// Uses the engine only as a pipe: an identity job hands every line back to solve, which counts with a
// plain Map. Correct on small corpora, but a job may bring back at most 1 MB (`limits.jobResultKb`),
// so the lines of a larger corpus cannot come back (RuntimeError; past the memory limit they could
// not either): only counting in the tasks scales (issue 14, class 8).
import { mapreduce } from 'arena:mapreduce'

interface Corpus {
  file: string
  bytes: number
}

/** Numbers the lines this worker saw, so each line is a key of its own (no giant group). */
let seen = 0

export function map(line: string, emit: (id: number, line: string) => void): void {
  emit(seen++, line)
}

export function reduce(id: number, lines: string[], emit: (id: number, line: string) => void): void {
  for (const line of lines) emit(id, line)
}

export async function solve(input: Corpus): Promise<[string, number][]> {
  const { output } = await mapreduce.run<number, string>({ input: { file: input.file }, reducers: 2 })
  const counts = new Map<string, number>()
  for (const [, line] of output.flat()) {
    if (line === '') continue
    for (const word of line.split(' ')) counts.set(word, (counts.get(word) ?? 0) + 1)
  }
  return [...counts].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
