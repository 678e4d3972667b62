// @expect WrongAnswer
// @skips-lesson
// Skips the engine: counts with a plain Map in solve. The corpus is a file that only the engine's map
// tasks read, so all solve has is the file's name; the lesson cannot be skipped (issue 14, class 8).
interface Corpus {
  file: string
  bytes: number
}

export async function solve(input: Corpus): Promise<[string, number][]> {
  const counts = new Map<string, number>()
  // The old input shape handed solve the lines; now there are none to read.
  const lines = (input as unknown as { lines?: string[] }).lines ?? []
  for (const line of lines) {
    if (line === '') continue
    for (const word of line.split(' ')) counts.set(word, (counts.get(word) ?? 0) + 1)
  }
  return [...counts].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
