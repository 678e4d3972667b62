import {
  type CheckContext,
  type ColumnSpec,
  columnarFile,
  createRng,
  defineTests,
  excerpt,
  fail,
  type GenerateContext,
  msg,
} from '@arena/grader/authoring'

/**
 * A web shop's clickstream as one wide columnar file (15 columns) that only the dataset engine reads,
 * sorted by day, so each row group's min/max of `day` spans a day or two; and a question about a few
 * days and one device. The largest file is larger than the isolate's memory limit (issue 14, class 8).
 */
interface Clicks {
  /** The events, a columnar file: `dataset.read(file, { format: 'columnar' })`. */
  file: string
  /** The file's size in bytes. */
  bytes: number
  /** First and last day of the question, both included. */
  from: number
  to: number
  /** Only events of this device. */
  device: string
}

type CountryRow = [country: string, events: number, cents: number]

const DAYS = 60
const SCHEMA: readonly ColumnSpec[] = [
  ['event', 'int32'],
  ['day', 'int32'],
  ['second', 'int32'],
  ['user', 'int32'],
  ['session', 'int32'],
  ['country', 'string'],
  ['device', 'string'],
  ['browser', 'string'],
  ['page', 'string'],
  ['referrer', 'string'],
  ['status', 'int32'],
  ['durationMs', 'int32'],
  ['bytesSent', 'int32'],
  ['latency', 'float64'],
  ['cents', 'int32'],
]
const COUNTRIES = ['BR', 'CA', 'DE', 'FR', 'GB', 'ID', 'IN', 'JP', 'KR', 'MX', 'NG', 'US', 'VN']
const DEVICES = ['mobile', 'desktop', 'tablet', 'tv']
const BROWSERS = ['chrome', 'safari', 'firefox', 'edge', 'samsung', 'whale']
const REFERRERS = ['https://search.example/', 'https://social.example/feed', 'https://mail.example/', '']
const STATUSES = [200, 200, 200, 200, 200, 200, 304, 404, 500]

/** Rows per row group: about two a day, at most 2048 rows (about 220 KB of all 15 columns). */
function rowGroupRows(size: number): number {
  return Math.max(4, Math.min(2048, Math.ceil(size / (2 * DAYS))))
}

/** The events in day order, as arrays in SCHEMA's order. */
function* events(seed: number, size: number): Generator<(number | string)[]> {
  const rng = createRng(seed)
  for (let i = 0; i < size; i++) {
    const day = Math.floor((i * DAYS) / size)
    const device = DEVICES[rng.float() < 0.55 ? 0 : rng.int(1, DEVICES.length - 1)]!
    const bought = rng.float() < 0.04
    yield [
      10_000_000 + i,
      day,
      Math.floor((((i * DAYS) / size) % 1) * 86_400),
      rng.int(1, 400_000),
      rng.int(1, 2_000_000),
      COUNTRIES[rng.int(0, COUNTRIES.length - 1)]!,
      device,
      BROWSERS[rng.int(0, BROWSERS.length - 1)]!,
      bought ? `/checkout/${rng.int(1000, 9999)}` : `/product/${rng.int(10_000, 99_999)}`,
      `${REFERRERS[rng.int(0, REFERRERS.length - 1)]}${rng.int(0, 1) ? `?q=item${rng.int(0, 999)}` : ''}`,
      STATUSES[rng.int(0, STATUSES.length - 1)]!,
      rng.int(5, 120_000),
      rng.int(300, 900_000),
      Number((rng.float() * 400).toFixed(3)),
      bought ? rng.int(500, 250_000) : 0,
    ]
  }
}

/** The question of a seed: four days in the middle, or (seeds 3 and 7) ones at the file's ends. */
function question(seed: number): Pick<Clicks, 'from' | 'to' | 'device'> {
  const device = DEVICES[seed % 3]!
  if (seed % 10 === 3) return { from: 0, to: 2, device }
  if (seed % 10 === 7) return { from: DAYS - 3, to: DAYS + 5, device }
  const from = 20 + (seed % 17)
  return { from, to: from + 3, device }
}

/** The whole file (the check may hold it: the grader gives tests.ts far more memory than a run). */
function readAll(ctx: CheckContext, name: string): Uint8Array {
  const all = new Uint8Array(ctx.files.size(name))
  let at = 0
  for (const chunk of ctx.files.chunks(name)) {
    all.set(chunk, at)
    at += chunk.length
  }
  return all
}

interface Footer {
  columns: { name: string }[]
  rowGroups: { rows: number; chunks: { offset: number; bytes: number }[] }[]
}

/**
 * One decoder for every check (it decodes whole strings, never a stream): the sandbox's tests.ts
 * isolate holds at most 256 TextDecoders, and a perf trial checks every round.
 */
const decoder = new TextDecoder()

/** The expected answer, from the file itself: every row group decoded, no statistics trusted. */
function expectedRows(input: Clicks, ctx: CheckContext): CountryRow[] {
  const all = readAll(ctx, input.file)
  const view = new DataView(all.buffer, all.byteOffset, all.byteLength)
  const footerBytes = view.getUint32(all.length - 8, true)
  const footer = JSON.parse(
    decoder.decode(all.subarray(all.length - 8 - footerBytes, all.length - 8)),
  ) as Footer
  const column = (name: string) => footer.columns.findIndex((c) => c.name === name)
  const [day, device, country, cents] = ['day', 'device', 'country', 'cents'].map(column) as number[]
  const strings = (offset: number, rows: number): string[] => {
    const out: string[] = []
    let at = offset + 4 * rows
    for (let r = 0; r < rows; r++) {
      const length = view.getUint32(offset + 4 * r, true)
      out.push(decoder.decode(all.subarray(at, at + length)))
      at += length
    }
    return out
  }
  const totals = new Map<string, [number, number]>()
  for (const group of footer.rowGroups) {
    const devices = strings(group.chunks[device!]!.offset, group.rows)
    const countries = strings(group.chunks[country!]!.offset, group.rows)
    for (let r = 0; r < group.rows; r++) {
      const d = view.getInt32(group.chunks[day!]!.offset + 4 * r, true)
      if (d < input.from || d > input.to || devices[r] !== input.device) continue
      const c = view.getInt32(group.chunks[cents!]!.offset + 4 * r, true)
      const t = totals.get(countries[r]!)
      if (t) {
        t[0]++
        t[1] += c
      } else totals.set(countries[r]!, [1, c])
    }
  }
  return [...totals]
    .map(([code, [n, sum]]): CountryRow => [code, n, sum])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}

export default defineTests<Clicks, CountryRow[]>({
  generate(seed, size, ctx: GenerateContext) {
    let bytes = 0
    const file = ctx.files.write(
      'clicks.col',
      (function* () {
        for (const chunk of columnarFile(SCHEMA, events(seed, size), { rowGroupRows: rowGroupRows(size) })) {
          bytes += chunk.length
          yield chunk
        }
      })(),
    )
    return { file, bytes, ...question(seed) }
  },
  check(input, output, ctx) {
    if (!Array.isArray(output))
      return fail(
        msg({
          en: `expected an array of [country, events, cents] rows, got ${excerpt(output)}`,
          ko: `[국가, 이벤트 수, 센트] 행의 배열이어야 하는데 ${excerpt(output)} 을(를) 받았습니다`,
        }),
      )
    const expected = expectedRows(input, ctx)
    for (let i = 0; i < Math.min(expected.length, output.length); i++) {
      const row = output[i] as unknown
      if (!Array.isArray(row) || row.length !== 3)
        return fail(
          msg({
            en: `row ${i} is not a [country, events, cents] row: ${excerpt(row)}`,
            ko: `${i}번 행이 [국가, 이벤트 수, 센트] 형태가 아닙니다: ${excerpt(row)}`,
          }),
        )
      const want = expected[i]!
      if (row[0] !== want[0] || row[1] !== want[1] || row[2] !== want[2])
        return fail(
          msg({ en: `row ${i} is wrong (sorted by country)`, ko: `${i}번 행이 틀렸습니다(국가 순)` }),
          {
            expected: JSON.stringify(want),
            actual: excerpt(row),
          },
        )
    }
    if (output.length !== expected.length)
      return fail(
        msg({
          en: `expected ${expected.length} countries, got ${output.length}`,
          ko: `국가가 ${expected.length}개여야 하는데 ${output.length}개입니다`,
        }),
      )
    return true
  },
  samples: [
    { name: '40 seeded events', seed: 1, size: 40 },
    { name: '900 seeded events', seed: 5, size: 900 },
  ],
  hidden: [
    { name: 'one event', seed: 2, size: 1 },
    { name: 'the first days', seed: 3, size: 3000 },
    { name: 'the last days, past the end', seed: 7, size: 3000 },
    { name: '20000 events', seed: 2, size: 20_000 },
    // ~27 MB: more than the 16 MB a run's isolate may hold. Only the engine's tasks read it.
    { name: 'events larger than your memory', seed: 4, size: 250_000 },
  ],
  generated: { count: 3, sizes: [9, 500, 5000] },
  describe: (input) =>
    msg({
      en: `${input.bytes} bytes, days ${input.from}-${input.to}, ${input.device}`,
      ko: `${input.bytes}바이트, ${input.from}-${input.to}일, ${input.device}`,
    }),
})
