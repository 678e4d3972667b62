import { defineTests, excerpt, fail, msg } from '@arena/grader/authoring'

/** A CSV file's bytes (ASCII): a header line, then `id,price,qty,category` rows. */
interface CsvInput {
  csv: Uint8Array
}
interface Table {
  rows: number
  id: Int32Array
  price: Float64Array
  qty: Int32Array
  /** `categories[category[i]]` is row i's category; codes in order of first appearance. */
  category: Int32Array
  categories: string[]
}

const CATEGORIES = [
  'books',
  'garden',
  'toys',
  'kitchen',
  'sports',
  'music',
  'office',
  'pets',
  'beauty',
  'tools',
  'games',
  'baby',
  'shoes',
  'jewelry',
  'grocery',
  'automotive',
  'health',
  'outdoor',
  'movies',
  'art',
]

/** sfc32: a small, fast seeded generator. */
function sfc32(seed: number): () => number {
  let a = 0x9e3779b9
  let b = 0x243f6a88
  let c = 0xb7e15162
  let d = seed | 0
  const next = () => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  for (let i = 0; i < 12; i++) next()
  return next
}

/** Rows of about 30 bytes; odd seeds end without a final newline, as many exported files do. */
function generate(seed: number, size: number): CsvInput {
  const next = sfc32(seed)
  const out = new Uint8Array(32 + size * 40)
  let at = 0
  const text = (s: string) => {
    for (let i = 0; i < s.length; i++) out[at++] = s.charCodeAt(i)
  }
  text('id,price,qty,category\n')
  // A few categories per file are rare, so their first appearance comes late.
  const common = 1 + (next() % 8)
  for (let row = 0; row < size; row++) {
    text(String(1 + row * 3 + (next() % 3)))
    out[at++] = 44
    const cents = next() % 10_000_000
    text(`${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`)
    out[at++] = 44
    text(String((next() % 2001) - 1000))
    out[at++] = 44
    const r = next()
    text(CATEGORIES[(r & 255) < 250 ? (r >>> 8) % common : (r >>> 8) % CATEGORIES.length] as string)
    if (row < size - 1 || seed % 2 === 0) out[at++] = 10
  }
  return { csv: out.slice(0, at) }
}

/** The obvious parse: decode, split lines, split fields. */
function expected(input: CsvInput): Table {
  let text = ''
  for (let i = 0; i < input.csv.length; i += 8192) {
    text += String.fromCharCode(...input.csv.subarray(i, i + 8192))
  }
  const lines = text
    .split('\n')
    .slice(1)
    .filter((line) => line.length > 0)
  const table: Table = {
    rows: lines.length,
    id: new Int32Array(lines.length),
    price: new Float64Array(lines.length),
    qty: new Int32Array(lines.length),
    category: new Int32Array(lines.length),
    categories: [],
  }
  const codes = new Map<string, number>()
  lines.forEach((line, i) => {
    const [id, price, qty, category] = line.split(',') as [string, string, string, string]
    table.id[i] = Number(id)
    table.price[i] = Number(price)
    table.qty[i] = Number(qty)
    let code = codes.get(category)
    if (code === undefined) {
      code = table.categories.length
      codes.set(category, code)
      table.categories.push(category)
    }
    table.category[i] = code
  })
  return table
}

function check(input: CsvInput, output: Table) {
  if (!output || typeof output !== 'object')
    return fail(
      msg({
        en: `expected a table object, got ${excerpt(output)}`,
        ko: `표 객체여야 하는데 ${excerpt(output)} 을(를) 받았습니다`,
      }),
    )
  const want = expected(input)
  if (output.rows !== want.rows)
    return fail(msg({ en: 'wrong number of rows', ko: '행 수가 틀렸습니다' }), {
      expected: String(want.rows),
      actual: excerpt(output.rows),
    })
  for (const [column, type] of [
    ['id', Int32Array],
    ['price', Float64Array],
    ['qty', Int32Array],
    ['category', Int32Array],
  ] as const) {
    const got = output[column]
    if (!(got instanceof type))
      return fail(
        msg({
          en: `${column} must be a ${type.name}, got ${excerpt(got)}`,
          ko: `${column} 열은 ${type.name}여야 하는데 ${excerpt(got)} 을(를) 받았습니다`,
        }),
      )
    if (got.length !== want.rows)
      return fail(
        msg({
          en: `${column} must have one entry per row (${want.rows}), it has ${got.length}`,
          ko: `${column} 열은 행마다 값이 하나(${want.rows}개)여야 하는데 ${got.length}개입니다`,
        }),
      )
  }
  if (!Array.isArray(output.categories) || output.categories.join('\n') !== want.categories.join('\n')) {
    const message = msg({
      en: 'categories must list each category once, in order of first appearance',
      ko: 'categories에는 각 범주가 처음 나타난 순서대로 한 번씩 있어야 합니다',
    })
    return fail(message, {
      expected: excerpt(want.categories),
      actual: excerpt(output.categories),
    })
  }
  for (let i = 0; i < want.rows; i++) {
    const row = `row ${i + 1}`
    const rowKo = `${i + 1}번째 행`
    if (output.id[i] !== want.id[i])
      return fail(msg({ en: `${row}: wrong id`, ko: `${rowKo}: id가 틀렸습니다` }), {
        expected: String(want.id[i]),
        actual: String(output.id[i]),
      })
    const price = want.price[i] as number
    if (!(Math.abs((output.price[i] as number) - price) <= 1e-9 * Math.max(1, price))) {
      return fail(msg({ en: `${row}: wrong price`, ko: `${rowKo}: price가 틀렸습니다` }), {
        expected: String(price),
        actual: String(output.price[i]),
      })
    }
    if (output.qty[i] !== want.qty[i])
      return fail(msg({ en: `${row}: wrong qty`, ko: `${rowKo}: qty가 틀렸습니다` }), {
        expected: String(want.qty[i]),
        actual: String(output.qty[i]),
      })
    if (output.category[i] !== want.category[i]) {
      return fail(msg({ en: `${row}: wrong category code`, ko: `${rowKo}: 범주 코드가 틀렸습니다` }), {
        expected: String(want.category[i]),
        actual: String(output.category[i]),
      })
    }
  }
  return true
}

const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0))

export default defineTests<CsvInput, Table>({
  generate,
  check,
  samples: [
    {
      name: 'three rows',
      input: { csv: bytes('id,price,qty,category\n1,9.99,3,books\n2,0.50,-1,toys\n7,120.00,0,books\n') },
    },
    { name: '1000 rows', seed: 2, size: 1000 },
  ],
  hidden: [
    { name: 'header only', input: { csv: bytes('id,price,qty,category\n') } },
    { name: 'no final newline', input: { csv: bytes('id,price,qty,category\n5,1.05,-12,garden') } },
    { name: '50k rows, no final newline', seed: 3, size: 50_000 },
  ],
  generated: { count: 2, sizes: [10_000, 100_000] },
  describe: (input) => {
    if (input.csv.length > 200)
      return msg({ en: `${input.csv.length} bytes of CSV`, ko: `CSV ${input.csv.length}바이트` })
    // The CSV itself: the same text in both languages.
    const text = JSON.stringify(String.fromCharCode(...input.csv))
    return msg({ en: text, ko: text })
  },
})
