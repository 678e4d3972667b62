import { createRng, defineTests, excerpt, fail } from '@arena/grader/authoring'

/** Lines of lower-case words separated by single spaces. */
interface Corpus {
  lines: string[]
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

function counts(input: Corpus): [string, number][] {
  const map = new Map<string, number>()
  for (const line of input.lines) {
    if (line === '') continue
    for (const word of line.split(' ')) map.set(word, (map.get(word) ?? 0) + 1)
  }
  return [...map].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}

export default defineTests<Corpus, [string, number][]>({
  generate(seed, size) {
    const rng = createRng(seed)
    const lines: string[] = []
    for (let i = 0; i < size; i++) {
      const n = rng.int(1, 2 * WORDS_PER_LINE)
      const words: string[] = []
      for (let w = 0; w < n; w++) words.push(zipfWord(rng.float()))
      lines.push(words.join(' '))
    }
    return { lines }
  },
  check(input, output) {
    if (!Array.isArray(output))
      return fail(`expected an array of [word, count] pairs, got ${excerpt(output)}`)
    const expected = counts(input)
    for (let i = 0; i < Math.min(expected.length, output.length); i++) {
      const pair = output[i] as unknown
      if (!Array.isArray(pair) || pair.length !== 2)
        return fail(`entry ${i} is not a [word, count] pair: ${excerpt(pair)}`)
      const [word, count] = expected[i]!
      if (pair[0] !== word || pair[1] !== count) {
        return fail(`entry ${i} is wrong (sorted by word)`, {
          expected: JSON.stringify([word, count]),
          actual: excerpt(pair),
        })
      }
    }
    if (output.length !== expected.length) {
      return fail(`expected ${expected.length} distinct words, got ${output.length}`)
    }
    return true
  },
  samples: [
    { name: 'two lines', input: { lines: ['the cat saw the dog', 'the dog ran'] } },
    { name: '20 seeded lines', seed: 1, size: 20 },
  ],
  hidden: [
    { name: 'one word', input: { lines: ['ba'] } },
    { name: 'an empty line among others', input: { lines: ['', 'ka ka', 'ka'] } },
    { name: 'no lines', input: { lines: [] } },
    { name: '3000 lines', seed: 2, size: 3000 },
  ],
  generated: { count: 3, sizes: [7, 300, 2000] },
  describe: (input) => `${input.lines.length} lines`,
})
