import { createRng, defineTests, excerpt, fail } from '@arena/grader/authoring'

/** One page view: the page's path and the visitor's id. */
type View = [page: string, visitor: number]
interface Traffic {
  views: View[]
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

function distinctVisitors(input: Traffic): [string, number][] {
  const visitors = new Map<string, Set<number>>()
  for (const [page, visitor] of input.views) {
    const set = visitors.get(page) ?? new Set<number>()
    if (set.size === 0) visitors.set(page, set)
    set.add(visitor)
  }
  return [...visitors]
    .map(([page, set]): [string, number] => [page, set.size])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}

export default defineTests<Traffic, [string, number][]>({
  generate(seed, size) {
    const rng = createRng(seed)
    // A visitor population a quarter the size of the traffic; a few heavy visitors view much more
    // (u^3 puts most views on low ids), the home page's visitors are everyone alike.
    const population = Math.max(10, Math.floor(size / 4))
    const views: View[] = []
    for (let i = 0; i < size; i++) {
      if (rng.float() < HOT_SHARE) views.push([HOT_PAGE, rng.int(1, population)])
      else views.push([zipfPage(rng.float()), 1 + Math.floor(population * rng.float() ** 3)])
    }
    return { views, reducers: REDUCERS }
  },
  check(input, output) {
    if (!Array.isArray(output))
      return fail(`expected an array of [page, visitors] pairs, got ${excerpt(output)}`)
    const expected = distinctVisitors(input)
    for (let i = 0; i < Math.min(expected.length, output.length); i++) {
      const pair = output[i] as unknown
      if (!Array.isArray(pair) || pair.length !== 2)
        return fail(`entry ${i} is not a [page, visitors] pair: ${excerpt(pair)}`)
      const [page, count] = expected[i]!
      if (pair[0] !== page || pair[1] !== count) {
        return fail(`entry ${i} is wrong (sorted by page)`, {
          expected: JSON.stringify([page, count]),
          actual: excerpt(pair),
        })
      }
    }
    if (output.length !== expected.length) {
      return fail(`expected ${expected.length} distinct pages, got ${output.length}`)
    }
    return true
  },
  samples: [
    {
      name: 'a home page and two others',
      input: {
        views: [
          ['/', 1],
          ['/', 2],
          ['/p/a', 1],
          ['/', 1],
          ['/help/b', 3],
          ['/p/a', 1],
        ],
        reducers: REDUCERS,
      },
    },
    { name: '40 seeded views', seed: 1, size: 40 },
  ],
  hidden: [
    { name: 'no views', input: { views: [], reducers: REDUCERS } },
    {
      name: 'one visitor many times',
      input: { views: Array.from({ length: 50 }, (): View => ['/', 7]), reducers: REDUCERS },
    },
    {
      name: 'only the home page',
      input: { views: Array.from({ length: 500 }, (_, i): View => ['/', i % 37]), reducers: REDUCERS },
    },
    { name: '5000 views', seed: 2, size: 5000 },
  ],
  generated: { count: 3, sizes: [11, 400, 3000] },
  describe: (input) => `${input.views.length} views, ${input.reducers} reducers`,
})
