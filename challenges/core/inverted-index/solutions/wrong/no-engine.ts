// @expect WrongAnswer
// @skips-lesson
// Skips the engine: indexes with a plain Map in solve and returns it. The documents are a file that
// only the engine's map tasks read, so all solve has is the file's name; and the answer is the index
// file a job's reducers write, which solve cannot write at all (issue 14, class 8).
interface Doc {
  id: number
  text: string
}

interface Corpus {
  file: string
  bytes: number
  documents: number
  index: string
}

export async function solve(input: Corpus): Promise<[string, number[]][]> {
  const postings = new Map<string, Set<number>>()
  // The old input shape handed solve the documents; now there are none to read.
  const docs = (input as unknown as { docs?: Doc[] }).docs ?? []
  for (const doc of docs) {
    if (doc.text === '') continue
    for (const word of doc.text.split(' ')) {
      const ids = postings.get(word) ?? new Set<number>()
      postings.set(word, ids)
      ids.add(doc.id)
    }
  }
  return [...postings]
    .map(([word, ids]): [string, number[]] => [word, [...ids].sort((a, b) => a - b)])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
