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
 * A web server's access log as a CSV file that only the dataset engine reads (`dataset.read`): the
 * largest case is larger than the isolate's memory limit, so the engine is the only way to the
 * answer (issue 14, class 8).
 */
interface AccessLog {
  /** Lines `time,page,status,ms` ('\n' after each): seconds, a path such as `/docs/p17`, 200 or 404, a latency in whole ms. */
  file: string
  /** The file's size in bytes. */
  bytes: number
}

/** [page, requests, mean latency in ms], sorted by page. */
type PageStats = [string, number, number]

const PAGES = 1000
const START = 1_764_547_200 // 2025-12-01T00:00:00Z

// Zipf's law with exponent 1 over the pages: page k (from 0) has weight 1/(k + 1), as page views do.
const CUMULATIVE = (() => {
  const weights = new Float64Array(PAGES)
  let sum = 0
  for (let k = 0; k < PAGES; k++) weights[k] = sum += 1 / (k + 1)
  for (let k = 0; k < PAGES; k++) weights[k]! /= sum
  return weights
})()
const SECTIONS = ['docs', 'blog', 'shop', 'api', 'help']

function page(u: number): string {
  let lo = 0
  let hi = PAGES - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (CUMULATIVE[mid]! < u) lo = mid + 1
    else hi = mid
  }
  return `/${SECTIONS[lo % SECTIONS.length]}/p${lo}`
}

const encoder = new TextEncoder()

/** The log in chunks of about 1 MB, so a 20 MB file is never one string. */
function* logChunks(seed: number, lines: number): Generator<Uint8Array> {
  const rng = createRng(seed)
  let chunk: string[] = []
  let chars = 0
  let time = START
  for (let i = 0; i < lines; i++) {
    time += rng.int(0, 3)
    const status = rng.float() < 0.03 ? 404 : 200
    const ms = status === 404 ? rng.int(1, 9) : rng.int(5, 40) + (rng.float() < 0.05 ? rng.int(100, 2000) : 0)
    const line = `${time},${page(rng.float())},${status},${ms}\n`
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

/** The expected statistics, read back from the file. */
function expectedStats(input: AccessLog, ctx: CheckContext): PageStats[] {
  const stats = new Map<string, [number, number]>()
  const decoder = new TextDecoder()
  let rest = ''
  const add = (line: string) => {
    if (line === '') return
    const fields = line.split(',')
    const key = fields[1]!
    const s = stats.get(key)
    if (s) {
      s[0]++
      s[1] += Number(fields[3])
    } else stats.set(key, [1, Number(fields[3])])
  }
  for (const chunk of ctx.files.chunks(input.file)) {
    const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n')
    rest = lines.pop() ?? ''
    for (const line of lines) add(line)
  }
  add(rest + decoder.decode())
  return [...stats]
    .map(([key, [n, total]]): PageStats => [key, n, total / n])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}

export default defineTests<AccessLog, PageStats[]>({
  generate(seed, size, ctx: GenerateContext) {
    let bytes = 0
    const file = ctx.files.write(
      'access.csv',
      (function* () {
        for (const chunk of logChunks(seed, size)) {
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
          en: `expected an array of [page, requests, meanMs] rows, got ${excerpt(output)}`,
          ko: `[페이지, 요청 수, 평균 ms] 행의 배열이어야 하는데 ${excerpt(output)} 을(를) 받았습니다`,
        }),
      )
    const expected = expectedStats(input, ctx)
    for (let i = 0; i < Math.min(expected.length, output.length); i++) {
      const row = output[i] as unknown
      if (!Array.isArray(row) || row.length !== 3 || typeof row[2] !== 'number')
        return fail(
          msg({
            en: `row ${i} is not a [page, requests, meanMs] row: ${excerpt(row)}`,
            ko: `${i}번 행이 [페이지, 요청 수, 평균 ms] 형태가 아닙니다: ${excerpt(row)}`,
          }),
        )
      const [key, n, mean] = expected[i]!
      if (row[0] !== key || row[1] !== n || !(Math.abs(row[2] - mean) <= 1e-9 * Math.max(1, mean))) {
        return fail(
          msg({ en: `row ${i} is wrong (sorted by page)`, ko: `${i}번 행이 틀렸습니다(페이지 순)` }),
          {
            expected: JSON.stringify([key, n, mean]),
            actual: excerpt(row),
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
    { name: '6 seeded requests', seed: 1, size: 6 },
    { name: '60 seeded requests', seed: 3, size: 60 },
  ],
  hidden: [
    { name: 'an empty log', seed: 2, size: 0 },
    { name: 'one request', seed: 2, size: 1 },
    { name: '5000 requests', seed: 2, size: 5000 },
    // ~21 MB: more than the 16 MB a run's isolate may hold. Only the engine's tasks read all of it.
    { name: 'a log larger than your memory', seed: 4, size: 700_000 },
  ],
  generated: { count: 3, sizes: [9, 400, 3000] },
  describe: (input) => msg({ en: `${input.bytes} bytes`, ko: `${input.bytes}바이트` }),
})
