import { topicLines } from '../vocabulary.ts'

// The files `arena new` writes: a complete, tiny challenge ("sum an array") whose every solution
// behaves as its role demands, so a fresh scaffold passes `arena pack test` before it is edited.

export function challengeTemplate(slug: string, schemaPath: string): Record<string, string> {
  return {
    'challenge.yaml': `# yaml-language-server: $schema=${schemaPath}
# TODO: this is a working example ("sum an array"). Replace it with your challenge, keeping every
# file's role: reference fast, baseline correct but slow, starter compiles but fails, wrong solutions rejected.
id: ${slug}
title: "TODO: Sum an array"
# One of:
${topicLines()
  .map((line) => `#   ${line}`)
  .join('\n')}
topic: vectorization
difficulty: easy
xp: 10
entry: solve
# What the learner's editor declares (made global: no import needed). Keep it in sync with reference.ts.
# The grader calls the entry with one argument: the value tests.ts's generate() returns (Input).
signature: |
  /** The values to add up. */
  type Input = Float64Array
  /** The sum of all values; 0 for an empty array. */
  export function solve(values: Input): number
clock: cpu
metric: time
# Set from \`arena pack test\`'s suggested limits (3x the slowest Accepted run): its baseline took
# about 200 ms and 33 MB on a busy 2-core machine. Re-read the suggestion after you change the solutions.
limits:
  cpuMs: 2000
  wallMs: 4000
  memoryMb: 100
perf:
  warmupSize: 10000
  # Large enough that the reference's call takes milliseconds: shorter calls are timed unsteadily
  # (\`arena pack test\` warns about them).
  cases:
    - { name: 1m, size: 1000000 }
    - { name: 2m, size: 2000000 }
  # TODO: raise once your baseline is the naive solution the lesson starts from.
  minBaselineSpeedup: 3
tags: [todo]
# Opened one at a time on the challenge page, each for its XP cost (default: a tenth of xp). Order them
# from a nudge to a technique; the statement itself carries none.
hints:
  - text: |
      TODO: a nudge. Which array type holds the values, and what does reading it cost?
    text_ko: |
      TODO: 가벼운 귀띔. 값은 어떤 배열에 담겨 있고, 읽는 데 무엇이 드나요?
  - text: |
      TODO: the technique. One pass with an index loop over the typed array, no copies.
    text_ko: |
      TODO: 기법. 복사 없이 형식화 배열을 인덱스 반복문으로 한 번만 훑으세요.
`,
    'README.md': `# TODO: Sum an array

Return the sum of \`values\`, a \`Float64Array\` of up to a million numbers; an empty array sums to 0.

\`\`\`ts
solve(Float64Array.of(1, 2, 3)) // 6
\`\`\`

Answers within a relative 1e-9 of the exact sum are accepted: the order of additions may differ.

TODO: explain what the lesson is about and what makes a solution fast.
`,
    'README.ko.md': `# TODO: 배열의 합

\`Float64Array\` 인 \`values\` (최대 백만 개)의 합을 반환하세요. 빈 배열의 합은 0 입니다.

TODO: 번역을 마무리하세요.
`,
    'editorial.md': `## The idea

TODO: what the reference does, in a few sentences and a short excerpt of reference.ts.

## Why it is faster

TODO: what the baseline does per element and what that costs; which clock or counter shows it.

## Measured

TODO: the reference against the baseline from \`arena pack test\` (say on what machine).
`,
    'editorial.ko.md': `## 아이디어

TODO: 참고 풀이가 하는 일을 몇 문장과 reference.ts의 짧은 발췌로.

## 왜 빠른가

TODO: 기준 풀이가 원소마다 하는 일과 그 비용, 그리고 그것을 보여 주는 시계나 카운터.

## 측정

TODO: \`arena pack test\`로 잰 참고 풀이와 기준 풀이 (어떤 기계에서 쟀는지도).
`,
    'starter.ts': `// What the learner starts from: it compiles, and fails the tests until they write the loop.
export function solve(_values: Float64Array): number {
  // TODO: add up the values.
  return 0
}
`,
    'baseline.ts': `// The naive solution the lesson starts from: correct, but it copies the typed array into a plain
// array and calls a function per element.
export function solve(values: Float64Array): number {
  return Array.from(values).reduce((sum, value) => sum + value, 0)
}
`,
    'reference.ts': `// The instructor's solution: one pass over the typed array, four independent sums so the CPU can
// overlap the additions.
export function solve(values: Float64Array): number {
  let a = 0
  let b = 0
  let c = 0
  let d = 0
  const n = values.length
  let i = 0
  for (; i + 3 < n; i += 4) {
    a += values[i]!
    b += values[i + 1]!
    c += values[i + 2]!
    d += values[i + 3]!
  }
  for (; i < n; i++) a += values[i]!
  return a + b + c + d
}
`,
    'tests.ts': `import { createRng, defineTests, fail, pass } from '@arena/grader/authoring'

type Input = Float64Array
type Output = number

function exactEnough(values: Input): { sum: number; tolerance: number } {
  let sum = 0
  let magnitude = 0
  for (const value of values) {
    sum += value
    magnitude += Math.abs(value)
  }
  // Different orders of additions round differently: allow a relative error on the total magnitude.
  return { sum, tolerance: 1e-9 * magnitude }
}

export default defineTests<Input, Output>({
  generate(seed, size) {
    const rng = createRng(seed)
    const values = new Float64Array(size)
    for (let i = 0; i < size; i++) values[i] = rng.float() * 200 - 100
    return values
  },
  check(input, output) {
    if (typeof output !== 'number') return fail(\`expected a number, got \${typeof output}\`)
    const { sum, tolerance } = exactEnough(input)
    if (!(Math.abs(output - sum) <= tolerance)) {
      return fail('wrong sum', { expected: String(sum), actual: String(output) })
    }
    return pass()
  },
  samples: [
    { name: 'three values', input: Float64Array.of(1, 2, 3) },
    { name: 'empty', input: new Float64Array(0) },
  ],
  hidden: [
    { name: 'negative and fractional', input: Float64Array.of(-1.5, 2.25, -0.75) },
    { name: 'ten thousand', seed: 1, size: 10_000 },
  ],
  generated: { count: 3, sizes: [10, 1_000, 1_000_000] },
})
`,
    'solutions/wrong/skips-last.ts': `// @expect WrongAnswer
// An off-by-one loop bound: the last value is never added.
export function solve(values: Float64Array): number {
  let sum = 0
  for (let i = 0; i < values.length - 1; i++) sum += values[i]!
  return sum
}
`,
    'solutions/wrong/no-initial-value.ts': `// @expect RuntimeError
// reduce without an initial value throws on an empty array.
export function solve(values: Float64Array): number {
  return values.reduce((sum, value) => sum + value)
}
`,
    'solutions/wrong/quadratic.ts': `// @expect TimeLimit
// Recomputes every prefix sum from scratch: O(n²), far past the time limit on a million values.
export function solve(values: Float64Array): number {
  let total = 0
  for (let end = 1; end <= values.length; end++) {
    total = 0
    for (let i = 0; i < end; i++) total += values[i]!
  }
  return total
}
`,
  }
}

export function packTemplate(pack: string, slug: string, schemaPath: string): string {
  return `# yaml-language-server: $schema=${schemaPath}
id: ${pack}
title: "TODO: title of the ${pack} pack"
description: "TODO: what the pack teaches"
version: "1"
challenges:
  - ${slug}
`
}
