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
 * A shop's orders (the large fact table) and its customers (the small dimension table), two CSV files
 * that only the dataset engine reads. The largest orders file is larger than the isolate's memory
 * limit, so the engine is the only way to the answer (issue 14, class 8).
 */
interface Sales {
  /** Lines `order,time,customer,cents`: an order id, seconds, a customer id, the amount in cents. */
  orders: string
  /** Lines `customer,country`: every customer once, with a two-letter country code. */
  customers: string
  /** The orders file's size in bytes. */
  bytes: number
}

/** [country, orders, total cents], sorted by country. */
type CountryRevenue = [string, number, number]

const COUNTRIES = [
  'KR',
  'US',
  'JP',
  'DE',
  'GB',
  'FR',
  'IN',
  'BR',
  'CA',
  'AU',
  'VN',
  'ID',
  'MX',
  'ES',
  'IT',
  'NL',
  'SE',
  'PL',
  'TR',
  'TH',
  'PH',
  'SG',
  'TW',
  'AR',
  'CL',
  'NG',
  'EG',
  'ZA',
  'NO',
  'FI',
]
// At most 2,500 customers (their collect is 32-42 KB of JSON), so that an action's bound
// (`limits.jobResultKb`, 96 KB) holds the small table but not the orders packed two characters each
// into solve (195 KB per 100k orders), nor, from 300k orders on (the timed cases), each task's sums by
// customer packed (5 KB a task): joins that skip the broadcast (issue 14, class 8).
const MAX_CUSTOMERS = 2_500
const START = 1_764_547_200 // 2025-12-01T00:00:00Z

/** Fewer customers for small cases, so a sample's orders share customers; 2,500 from 50,000 orders on. */
function customerCount(orders: number): number {
  return Math.min(MAX_CUSTOMERS, Math.max(3, Math.ceil(orders / 20)))
}

const customerId = (k: number) => `c${String(k).padStart(6, '0')}`
const encoder = new TextEncoder()

/** Lines in chunks of about 1 MB, so a 20 MB file is never one string. */
function* chunked(lines: Iterable<string>): Generator<Uint8Array> {
  let chunk: string[] = []
  let chars = 0
  for (const line of lines) {
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

function* customerLines(seed: number, customers: number): Generator<string> {
  const rng = createRng(seed * 7 + 1)
  for (let k = 0; k < customers; k++) {
    // Zipf-like: a few countries have most customers.
    const country = COUNTRIES[Math.floor(COUNTRIES.length * rng.float() ** 2)]!
    yield `${customerId(k)},${country}\n`
  }
}

function* orderLines(seed: number, orders: number, customers: number): Generator<string> {
  const rng = createRng(seed)
  let time = START
  for (let i = 0; i < orders; i++) {
    time += rng.int(0, 5)
    // About 1 order in 100 names a customer the table does not have (deleted accounts): an inner
    // join drops it.
    const customer = rng.float() < 0.01 ? customers + rng.int(0, 999) : rng.int(0, customers - 1)
    yield `o${100_000_000 + i},${time},${customerId(customer)},${rng.int(100, 50_000)}\n`
  }
}

/** The expected revenue, read back from the files. */
function expectedRevenue(input: Sales, ctx: CheckContext): CountryRevenue[] {
  const country = new Map<string, string>()
  forEachLine(ctx, input.customers, (line) => {
    const [id, code] = line.split(',')
    country.set(id!, code!)
  })
  const totals = new Map<string, [number, number]>()
  forEachLine(ctx, input.orders, (line) => {
    const fields = line.split(',')
    const code = country.get(fields[2]!)
    if (code === undefined) return
    const t = totals.get(code)
    if (t) {
      t[0]++
      t[1] += Number(fields[3])
    } else totals.set(code, [1, Number(fields[3])])
  })
  return [...totals]
    .map(([code, [n, cents]]): CountryRevenue => [code, n, cents])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}

function forEachLine(ctx: CheckContext, file: string, onLine: (line: string) => void): void {
  const decoder = new TextDecoder()
  let rest = ''
  for (const chunk of ctx.files.chunks(file)) {
    const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n')
    rest = lines.pop() ?? ''
    for (const line of lines) if (line !== '') onLine(line)
  }
  const last = rest + decoder.decode()
  if (last !== '') onLine(last)
}

export default defineTests<Sales, CountryRevenue[]>({
  generate(seed, size, ctx: GenerateContext) {
    const customers = customerCount(size)
    let bytes = 0
    const orders = ctx.files.write(
      'orders.csv',
      (function* () {
        for (const chunk of chunked(orderLines(seed, size, customers))) {
          bytes += chunk.length
          yield chunk
        }
      })(),
    )
    return {
      orders,
      customers: ctx.files.write('customers.csv', chunked(customerLines(seed, customers))),
      bytes,
    }
  },
  check(input, output, ctx) {
    if (!Array.isArray(output))
      return fail(
        msg({
          en: `expected an array of [country, orders, cents] rows, got ${excerpt(output)}`,
          ko: `[국가, 주문 수, 센트] 행의 배열이어야 하는데 ${excerpt(output)} 을(를) 받았습니다`,
        }),
      )
    const expected = expectedRevenue(input, ctx)
    for (let i = 0; i < Math.min(expected.length, output.length); i++) {
      const row = output[i] as unknown
      if (!Array.isArray(row) || row.length !== 3)
        return fail(
          msg({
            en: `row ${i} is not a [country, orders, cents] row: ${excerpt(row)}`,
            ko: `${i}번 행이 [국가, 주문 수, 센트] 형태가 아닙니다: ${excerpt(row)}`,
          }),
        )
      const want = expected[i]!
      if (row[0] !== want[0] || row[1] !== want[1] || row[2] !== want[2]) {
        return fail(
          msg({ en: `row ${i} is wrong (sorted by country)`, ko: `${i}번 행이 틀렸습니다(국가 순)` }),
          { expected: JSON.stringify(want), actual: excerpt(row) },
        )
      }
    }
    if (output.length !== expected.length) {
      return fail(
        msg({
          en: `expected ${expected.length} countries, got ${output.length}`,
          ko: `국가가 ${expected.length}개여야 하는데 ${output.length}개입니다`,
        }),
      )
    }
    return true
  },
  samples: [
    { name: '8 seeded orders, 3 customers', seed: 1, size: 8 },
    { name: '120 seeded orders, 6 customers', seed: 5, size: 120 },
  ],
  hidden: [
    { name: 'no orders', seed: 2, size: 0 },
    { name: 'one order', seed: 2, size: 1 },
    { name: '5000 orders', seed: 2, size: 5000 },
    // ~22 MB of orders: more than the 16 MB a run's isolate may hold. Only the engine's tasks read it.
    { name: 'orders larger than your memory', seed: 4, size: 650_000 },
  ],
  generated: { count: 3, sizes: [9, 400, 3000] },
  describe: (input) => msg({ en: `${input.bytes} bytes of orders`, ko: `주문 ${input.bytes}바이트` }),
})
