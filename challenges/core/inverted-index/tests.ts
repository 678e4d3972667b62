import {
  type CheckContext,
  createRng,
  defineTests,
  excerpt,
  fail,
  type GenerateContext,
  msg,
} from '@arena/grader/authoring'

/** A document: its id and its text, lower-case words separated by single spaces. */
interface Doc {
  id: number
  text: string
}

/**
 * The documents are a file that only the mapreduce engine reads, one JSON document per line:
 * `solve` names it in a job's input (`{ file: input.file, records: 'json' }`) and the map tasks get
 * the documents. Indexing in `solve` with a plain Map is no route around the lesson: `solve` never
 * holds the documents (issue 14, class 8).
 */
interface Corpus {
  file: string
  /** The file's size in bytes. */
  bytes: number
  documents: number
}

const VOCABULARY = 20_000

/** Pronounceable pseudo-words, the same on every machine: word k is the k-th most frequent. */
function vocabulary(): string[] {
  const rng = createRng(20_240_602)
  const consonants = [...'bcdfghjklmnprstvwz']
  const vowels = [...'aeiou']
  const seen = new Set<string>()
  while (seen.size < VOCABULARY) {
    let word = ''
    const syllables = rng.int(1, 4)
    for (let s = 0; s < syllables; s++) word += rng.pick(consonants) + rng.pick(vowels)
    seen.add(word)
  }
  return [...seen]
}

const WORDS = vocabulary()
// Zipf's law with exponent 1, as in natural-language text.
const CUMULATIVE = (() => {
  const weights = new Float64Array(VOCABULARY)
  let sum = 0
  for (let k = 0; k < VOCABULARY; k++) weights[k] = sum += 1 / (k + 1)
  for (let k = 0; k < VOCABULARY; k++) weights[k]! /= sum
  return weights
})()

function zipfWord(u: number): string {
  let lo = 0
  let hi = VOCABULARY - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (CUMULATIVE[mid]! < u) lo = mid + 1
    else hi = mid
  }
  return WORDS[lo]!
}

/** The example of the statement: what the sample named "three documents" holds. */
const EXAMPLE: Doc[] = [
  { id: 7, text: 'the cat saw the dog' },
  { id: 2, text: 'the dog ran' },
  { id: 5, text: 'a cat' },
]

/**
 * Seed 0 is the statement's example. Otherwise document lengths follow a heavy tail (most short, a
 * few long, now and then an empty one); ids are distinct but not in order.
 */
function* documents(seed: number, size: number): Generator<Doc> {
  if (seed === 0) {
    yield* EXAMPLE.slice(0, size)
    return
  }
  const rng = createRng(seed)
  for (let i = 0; i < size; i++) {
    const length = rng.float() < 0.03 ? 0 : Math.min(2000, Math.floor(20 / (rng.float() + 0.02)))
    const words: string[] = []
    for (let w = 0; w < length; w++) words.push(zipfWord(rng.float()))
    yield { id: (i * 7919 + 13) % 1_000_003, text: words.join(' ') }
  }
}

const encoder = new TextEncoder()

/** The file's bytes in chunks of about 1 MB, one JSON document per line. */
function* corpusChunks(seed: number, size: number): Generator<Uint8Array> {
  let lines: string[] = []
  let chars = 0
  for (const doc of documents(seed, size)) {
    const line = `${JSON.stringify(doc)}\n`
    lines.push(line)
    chars += line.length
    if (chars >= 2 ** 20) {
      yield encoder.encode(lines.join(''))
      lines = []
      chars = 0
    }
  }
  if (lines.length > 0) yield encoder.encode(lines.join(''))
}

/** The documents, read back from the file as the engine's splits hold them. */
function* readDocuments(input: Corpus, ctx: CheckContext): Generator<Doc> {
  const decoder = new TextDecoder()
  let rest = ''
  for (const chunk of ctx.files.chunks(input.file)) {
    const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n')
    rest = lines.pop() ?? ''
    for (const line of lines) if (line !== '') yield JSON.parse(line) as Doc
  }
  rest += decoder.decode()
  if (rest !== '') yield JSON.parse(rest) as Doc
}

function index(docs: Iterable<Doc>): [string, number[]][] {
  const postings = new Map<string, Set<number>>()
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

export default defineTests<Corpus, [string, number[]][]>({
  generate(seed, size, ctx: GenerateContext) {
    let bytes = 0
    const file = ctx.files.write(
      'documents.jsonl',
      (function* () {
        for (const chunk of corpusChunks(seed, size)) {
          bytes += chunk.length
          yield chunk
        }
      })(),
    )
    return { file, bytes, documents: seed === 0 ? Math.min(size, EXAMPLE.length) : size }
  },
  check(input, output, ctx) {
    if (!Array.isArray(output))
      return fail(
        msg({
          en: `expected an array of [word, ids] pairs, got ${excerpt(output)}`,
          ko: `[단어, id 목록] 쌍의 배열이어야 하는데 ${excerpt(output)} 을(를) 받았습니다`,
        }),
      )
    const expected = index(readDocuments(input, ctx))
    for (let i = 0; i < Math.min(expected.length, output.length); i++) {
      const pair = output[i] as unknown
      if (!Array.isArray(pair) || pair.length !== 2 || !Array.isArray(pair[1])) {
        return fail(
          msg({
            en: `entry ${i} is not a [word, ids] pair: ${excerpt(pair)}`,
            ko: `${i}번 항목이 [단어, id 목록] 쌍이 아닙니다: ${excerpt(pair)}`,
          }),
        )
      }
      const [word, ids] = expected[i]!
      const got = pair[1] as unknown[]
      if (pair[0] !== word || got.length !== ids.length || got.some((id, k) => id !== ids[k])) {
        return fail(
          msg({
            en: `entry ${i} is wrong (sorted by word; ids ascending, each once)`,
            ko: `${i}번 항목이 틀렸습니다(단어 순, id는 오름차순으로 한 번씩)`,
          }),
          {
            expected: excerpt([word, ids]),
            actual: excerpt(pair),
          },
        )
      }
    }
    if (output.length !== expected.length)
      return fail(
        msg({
          en: `expected ${expected.length} distinct words, got ${output.length}`,
          ko: `서로 다른 단어 ${expected.length}개가 있어야 하는데 ${output.length}개입니다`,
        }),
      )
    return true
  },
  samples: [
    { name: 'three documents', seed: 0, size: 3 },
    { name: '10 seeded documents', seed: 1, size: 10 },
  ],
  hidden: [
    { name: 'no documents', seed: 2, size: 0 },
    { name: 'one document', seed: 0, size: 1 },
    // About 3% of generated documents are empty.
    { name: '1000 documents', seed: 2, size: 1000 },
  ],
  generated: { count: 3, sizes: [5, 100, 500] },
  describe: (input) =>
    msg({
      en: `${input.documents} documents, ${input.bytes} bytes`,
      ko: `문서 ${input.documents}개, ${input.bytes}바이트`,
    }),
})
