import {
  type CheckContext,
  createRng,
  defineTests,
  excerpt,
  fail,
  type GenerateContext,
  msg,
} from '@arena/grader/authoring'

/**
 * A corpus file that only the mapreduce engine reads: `solve` names it in a job's input
 * (`{ file: input.file }`), the map tasks get its lines. The largest cases are larger than the
 * isolate's memory limit, so the engine is the only way to the counts (issue 14, class 8).
 */
interface Corpus {
  /** Lines of lower-case words separated by single spaces ('\n' after each line; a line may be empty). */
  file: string
  /** The file's size in bytes. */
  bytes: number
}

const VOCABULARY = 20_000
const WORDS_PER_LINE = 12

/** Pronounceable pseudo-words, the same on every machine: word k is the k-th most frequent. */
function vocabulary(): string[] {
  const rng = createRng(20_240_601)
  const consonants = 'bcdfghjklmnprstvwz'
  const vowels = 'aeiou'
  const seen = new Set<string>()
  while (seen.size < VOCABULARY) {
    let word = ''
    const syllables = rng.int(1, 4)
    for (let s = 0; s < syllables; s++) word += rng.pick([...consonants]) + rng.pick([...vowels])
    seen.add(word)
  }
  return [...seen]
}

const WORDS = vocabulary()
// Zipf's law with exponent 1: word k (from 1) has weight 1/k, as in natural-language text.
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

const encoder = new TextEncoder()

/** The corpus in chunks of about 1 MB, so an 18 MB file is never one string. */
function* corpusChunks(seed: number, lines: number): Generator<Uint8Array> {
  const rng = createRng(seed)
  let chunk: string[] = []
  let chars = 0
  for (let i = 0; i < lines; i++) {
    // 0 words now and then: an empty line.
    const n = rng.int(0, 2 * WORDS_PER_LINE)
    const words: string[] = []
    for (let w = 0; w < n; w++) words.push(zipfWord(rng.float()))
    const line = `${words.join(' ')}\n`
    chunk.push(line)
    chars += line.length
    if (chars >= 2 ** 20) {
      yield encoder.encode(chunk.join(''))
      chunk = []
      chars = 0
    }
  }
  if (chunk.length > 0) yield encoder.encode(chunk.join(''))
}

/** The expected counts, read back from the file the way the engine's splits hold it. */
function counts(input: Corpus, ctx: CheckContext): [string, number][] {
  const map = new Map<string, number>()
  const decoder = new TextDecoder()
  let rest = ''
  const countLine = (line: string) => {
    if (line === '') return
    for (const word of line.split(' ')) map.set(word, (map.get(word) ?? 0) + 1)
  }
  for (const chunk of ctx.files.chunks(input.file)) {
    const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n')
    rest = lines.pop() ?? ''
    for (const line of lines) countLine(line)
  }
  countLine(rest + decoder.decode())
  return [...map].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}

export default defineTests<Corpus, [string, number][]>({
  generate(seed, size, ctx: GenerateContext) {
    let bytes = 0
    const file = ctx.files.write(
      'corpus.txt',
      (function* () {
        for (const chunk of corpusChunks(seed, size)) {
          bytes += chunk.length
          yield chunk
        }
      })(),
    )
    return { file, bytes }
  },
  check(input, output, ctx) {
    if (!Array.isArray(output))
      return fail(
        msg({
          en: `expected an array of [word, count] pairs, got ${excerpt(output)}`,
          ko: `[단어, 개수] 쌍의 배열이어야 하는데 ${excerpt(output)} 을(를) 받았습니다`,
        }),
      )
    const expected = counts(input, ctx)
    for (let i = 0; i < Math.min(expected.length, output.length); i++) {
      const pair = output[i] as unknown
      if (!Array.isArray(pair) || pair.length !== 2)
        return fail(
          msg({
            en: `entry ${i} is not a [word, count] pair: ${excerpt(pair)}`,
            ko: `${i}번 항목이 [단어, 개수] 쌍이 아닙니다: ${excerpt(pair)}`,
          }),
        )
      const [word, count] = expected[i]!
      if (pair[0] !== word || pair[1] !== count) {
        return fail(
          msg({ en: `entry ${i} is wrong (sorted by word)`, ko: `${i}번 항목이 틀렸습니다(단어 순)` }),
          {
            expected: JSON.stringify([word, count]),
            actual: excerpt(pair),
          },
        )
      }
    }
    if (output.length !== expected.length) {
      return fail(
        msg({
          en: `expected ${expected.length} distinct words, got ${output.length}`,
          ko: `서로 다른 단어 ${expected.length}개가 있어야 하는데 ${output.length}개입니다`,
        }),
      )
    }
    return true
  },
  samples: [
    { name: '5 seeded lines', seed: 1, size: 5 },
    { name: '40 seeded lines', seed: 3, size: 40 },
  ],
  hidden: [
    { name: 'an empty file', seed: 2, size: 0 },
    { name: 'one line', seed: 2, size: 1 },
    { name: '3000 lines', seed: 2, size: 3000 },
    // ~21 MB: more than the 16 MB a run's isolate may hold. Only the engine's map tasks read all of it.
    { name: 'a corpus larger than your memory', seed: 4, size: 280_000 },
  ],
  generated: { count: 3, sizes: [7, 300, 2000] },
  describe: (input) => msg({ en: `${input.bytes} bytes`, ko: `${input.bytes}바이트` }),
})
