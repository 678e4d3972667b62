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
 * the documents. The index is written by the job's reducers into `index` (`output: { file }`) and
 * checked from that file: the answer is as large as the corpus, and the largest corpus is larger than
 * `solve`'s memory, so neither a plain Map in `solve` nor an identity job piping the documents (or
 * the postings) back into `solve` reaches it (issue 14, class 8).
 */
interface Corpus {
  file: string
  /** The file's size in bytes. */
  bytes: number
  documents: number
  /** The output file the index goes to, one `[word, ids]` JSON line per word. */
  index: string
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

/**
 * What the check keeps of a word's posting list: how many documents, and two order-free fingerprints
 * of their ids (sums of two integer mixes, mod 2^32). The largest index is larger than the checker's
 * memory would like to hold twice; a wrong list that matches the count and both sums is not a worry.
 */
interface Expected {
  count: number
  a: number
  b: number
  seen: boolean
}

function mixA(id: number): number {
  let h = Math.imul(id ^ 0x9e3779b9, 0x85ebca6b)
  h ^= h >>> 13
  return Math.imul(h, 0xc2b2ae35) >>> 0
}

function mixB(id: number): number {
  let h = Math.imul(id + 0x632be5ab, 0x27d4eb2f)
  h ^= h >>> 15
  return Math.imul(h, 0x165667b1) >>> 0
}

function expectedIndex(docs: Iterable<Doc>): Map<string, Expected> {
  const words = new Map<string, Expected>()
  for (const doc of docs) {
    if (doc.text === '') continue
    for (const word of new Set(doc.text.split(' '))) {
      let entry = words.get(word)
      if (!entry) {
        entry = { count: 0, a: 0, b: 0, seen: false }
        words.set(word, entry)
      }
      entry.count++
      entry.a = (entry.a + mixA(doc.id)) >>> 0
      entry.b = (entry.b + mixB(doc.id)) >>> 0
    }
  }
  return words
}

/** The index file's lines, as the job's reducers wrote them. */
function* indexLines(name: string, ctx: CheckContext): Generator<string> {
  const decoder = new TextDecoder()
  let rest = ''
  for (const chunk of ctx.files.chunks(name)) {
    const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n')
    rest = lines.pop() ?? ''
    for (const line of lines) if (line !== '') yield line
  }
  rest += decoder.decode()
  if (rest !== '') yield rest
}

export default defineTests<Corpus, unknown>({
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
    return {
      file,
      bytes,
      documents: seed === 0 ? Math.min(size, EXAMPLE.length) : size,
      index: ctx.files.name('index.jsonl'),
    }
  },
  check(input, _output, ctx) {
    if (!ctx.files.exists(input.index))
      return fail(
        msg({
          en: `the index file ${input.index} does not exist: the job that builds the index writes it, with output: { file: input.index }`,
          ko: `색인 파일 ${input.index}이(가) 없습니다. 색인을 만드는 잡이 output: { file: input.index }로 써야 합니다`,
        }),
      )
    const expected = expectedIndex(readDocuments(input, ctx))
    let line = 0
    for (const text of indexLines(input.index, ctx)) {
      line++
      let pair: unknown
      try {
        pair = JSON.parse(text)
      } catch {
        pair = undefined
      }
      if (
        !Array.isArray(pair) ||
        pair.length !== 2 ||
        typeof pair[0] !== 'string' ||
        !Array.isArray(pair[1])
      ) {
        return fail(
          msg({
            en: `line ${line} of ${input.index} is not a [word, ids] pair: ${excerpt(text)}`,
            ko: `${input.index}의 ${line}번째 줄이 [단어, id 목록] 쌍이 아닙니다: ${excerpt(text)}`,
          }),
        )
      }
      const [word, ids] = pair as [string, unknown[]]
      const entry = expected.get(word)
      if (!entry)
        return fail(
          msg({
            en: `line ${line}: ${excerpt(word)} is in no document`,
            ko: `${line}번째 줄: ${excerpt(word)}은(는) 어느 문서에도 없습니다`,
          }),
        )
      if (entry.seen)
        return fail(
          msg({
            en: `line ${line}: the word ${excerpt(word)} has a line already (one line per word)`,
            ko: `${line}번째 줄: 단어 ${excerpt(word)}의 줄이 이미 있습니다(단어마다 한 줄)`,
          }),
        )
      entry.seen = true
      let a = 0
      let b = 0
      for (let k = 0; k < ids.length; k++) {
        const id = ids[k]
        if (typeof id !== 'number' || !Number.isInteger(id) || (k > 0 && id <= (ids[k - 1] as number))) {
          return fail(
            msg({
              en: `line ${line}: the ids of ${excerpt(word)} are not whole numbers in ascending order, each once`,
              ko: `${line}번째 줄: ${excerpt(word)}의 id가 오름차순으로 한 번씩 나오는 정수가 아닙니다`,
            }),
            { actual: excerpt(ids) },
          )
        }
        a = (a + mixA(id)) >>> 0
        b = (b + mixB(id)) >>> 0
      }
      if (ids.length !== entry.count || a !== entry.a || b !== entry.b)
        return fail(
          msg({
            en: `line ${line}: ${excerpt(word)} is in ${entry.count} documents; these ${ids.length} ids are not theirs`,
            ko: `${line}번째 줄: ${excerpt(word)}은(는) 문서 ${entry.count}개에 있는데, 이 id ${ids.length}개는 그 문서들이 아닙니다`,
          }),
          { actual: excerpt(ids) },
        )
    }
    let missing = 0
    let first: string | undefined
    for (const [word, entry] of expected) {
      if (entry.seen) continue
      missing++
      first ??= word
    }
    if (missing > 0)
      return fail(
        msg({
          en: `${missing} of the ${expected.size} distinct words have no line in ${input.index}, ${excerpt(first)} among them`,
          ko: `서로 다른 단어 ${expected.size}개 중 ${missing}개가 ${input.index}에 없습니다(${excerpt(first)} 등)`,
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
    // About 22 MB: more than solve's memory (16 MB), so the index cannot pass through solve.
    { name: 'a corpus larger than your memory', seed: 5, size: 45_000 },
  ],
  generated: { count: 3, sizes: [5, 100, 500] },
  describe: (input) =>
    msg({
      en: `${input.documents} documents, ${input.bytes} bytes`,
      ko: `문서 ${input.documents}개, ${input.bytes}바이트`,
    }),
})
