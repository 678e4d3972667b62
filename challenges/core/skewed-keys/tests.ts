import {
  type CheckContext,
  createRng,
  defineTests,
  excerpt,
  fail,
  type GenerateContext,
  msg,
} from '@arena/grader/authoring'

/** One page view: the page's path and the visitor's id. */
type View = [page: string, visitor: number]
/**
 * The views are a file only the mapreduce engine reads (one JSON `[page, visitor]` per line): `solve`
 * cannot count them itself, so the time is the jobs' (issue 14, classes 4 and 8).
 */
interface Traffic {
  views: string
  reducers: number
}

const REDUCERS = 8
const PAGES = 5000
/** The home page's share of all views: the skew of the lesson. */
const HOT_SHARE = 0.6
const HOT_PAGE = '/'

/** Page k (from 0) is the k-th most viewed after the home page; paths look like a small shop's. */
const PAGE_NAMES = (() => {
  const sections = ['p', 'c', 'blog', 'help', 'search']
  return Array.from({ length: PAGES }, (_, k) => `/${sections[k % sections.length]}/${k.toString(36)}`)
})()

// Zipf with exponent 1 over the other pages, as page popularity is on real sites.
const CUMULATIVE = (() => {
  const weights = new Float64Array(PAGES)
  let sum = 0
  for (let k = 0; k < PAGES; k++) weights[k] = sum += 1 / (k + 1)
  for (let k = 0; k < PAGES; k++) weights[k]! /= sum
  return weights
})()

function zipfPage(u: number): string {
  let lo = 0
  let hi = PAGES - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (CUMULATIVE[mid]! < u) lo = mid + 1
    else hi = mid
  }
  return PAGE_NAMES[lo]!
}

function distinctVisitors(input: Traffic, ctx: CheckContext): [string, number][] {
  const visitors = new Map<string, Set<number>>()
  const add = (line: string) => {
    if (line === '') return
    const [page, visitor] = JSON.parse(line) as View
    const set = visitors.get(page) ?? new Set<number>()
    if (set.size === 0) visitors.set(page, set)
    set.add(visitor)
  }
  const decoder = new TextDecoder()
  let rest = ''
  for (const chunk of ctx.files.chunks(input.views)) {
    const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n')
    rest = lines.pop() ?? ''
    for (const line of lines) add(line)
  }
  add(rest + decoder.decode())
  return [...visitors]
    .map(([page, set]): [string, number] => [page, set.size])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}

const encoder = new TextEncoder()

export default defineTests<Traffic, [string, number][]>({
  generate(seed, size, ctx: GenerateContext) {
    const rng = createRng(seed)
    // A visitor population a quarter the size of the traffic; a few heavy visitors view much more
    // (u^3 puts most views on low ids), the home page's visitors are everyone alike.
    const population = Math.max(10, Math.floor(size / 4))
    function* lines(): Generator<Uint8Array> {
      let chunk: string[] = []
      for (let i = 0; i < size; i++) {
        const view: View =
          rng.float() < HOT_SHARE
            ? [HOT_PAGE, rng.int(1, population)]
            : [zipfPage(rng.float()), 1 + Math.floor(population * rng.float() ** 3)]
        chunk.push(`${JSON.stringify(view)}\n`)
        if (chunk.length === 50_000) {
          yield encoder.encode(chunk.join(''))
          chunk = []
        }
      }
      if (chunk.length > 0) yield encoder.encode(chunk.join(''))
    }
    return { views: ctx.files.write('views.jsonl', lines()), reducers: REDUCERS }
  },
  check(input, output, ctx) {
    if (!Array.isArray(output))
      return fail(
        msg({
          en: `expected an array of [page, visitors] pairs, got ${excerpt(output)}`,
          ko: `[페이지, 방문자 수] 쌍의 배열이어야 하는데 ${excerpt(output)} 을(를) 받았습니다`,
        }),
      )
    const expected = distinctVisitors(input, ctx)
    for (let i = 0; i < Math.min(expected.length, output.length); i++) {
      const pair = output[i] as unknown
      if (!Array.isArray(pair) || pair.length !== 2)
        return fail(
          msg({
            en: `entry ${i} is not a [page, visitors] pair: ${excerpt(pair)}`,
            ko: `${i}번 항목이 [페이지, 방문자 수] 쌍이 아닙니다: ${excerpt(pair)}`,
          }),
        )
      const [page, count] = expected[i]!
      if (pair[0] !== page || pair[1] !== count) {
        return fail(
          msg({ en: `entry ${i} is wrong (sorted by page)`, ko: `${i}번 항목이 틀렸습니다(페이지 순)` }),
          {
            expected: JSON.stringify([page, count]),
            actual: excerpt(pair),
          },
        )
      }
    }
    if (output.length !== expected.length) {
      return fail(
        msg({
          en: `expected ${expected.length} distinct pages, got ${output.length}`,
          ko: `서로 다른 페이지 ${expected.length}개가 있어야 하는데 ${output.length}개입니다`,
        }),
      )
    }
    return true
  },
  samples: [
    { name: '6 seeded views', seed: 1, size: 6 },
    { name: '40 seeded views', seed: 1, size: 40 },
  ],
  hidden: [
    { name: 'no views', seed: 3, size: 0 },
    { name: 'one view', seed: 3, size: 1 },
    { name: '5000 views', seed: 2, size: 5000 },
  ],
  generated: { count: 3, sizes: [11, 400, 3000] },
  describe: (input) =>
    msg({ en: `a file of views, ${input.reducers} reducers`, ko: `조회 파일, 리듀서 ${input.reducers}개` }),
})
