import { columnarFile, defineTests, fail } from '../../authoring/index.ts'

interface Query {
  /** A columnar file of sales (day int32, shop string, price float64), sorted by day. */
  file: string
  /** Where solve writes the totals per shop, JSON lines of { shop, total }. */
  output: string
  seed: number
  rows: number
  from: number
  to: number
}

const SHOPS = ['north', 'süd', 'east', 'west']

/** The sales of a case, the same in generate and in check (the check recomputes the answer from them). */
function* sales(seed: number, rows: number): Generator<{ day: number; shop: string; price: number }> {
  for (let i = 0; i < rows; i++) {
    yield {
      day: Math.floor(i / 50),
      shop: SHOPS[(i * seed) % 4] as string,
      price: ((i * 7 + seed) % 100) / 4,
    }
  }
}

/** The grader's dataset fixture: a columnar input made by the authoring writer, totals written by the engine. */
export default defineTests<Query>({
  generate(seed, size, ctx) {
    const schema = [
      ['day', 'int32'],
      ['shop', 'string'],
      ['price', 'float64'],
    ] as const
    return {
      file: ctx.files.write('sales.col', columnarFile(schema, sales(seed, size), { rowGroupRows: 100 })),
      output: ctx.files.name('totals.json'),
      seed,
      rows: size,
      from: 3,
      to: 5,
    }
  },
  check(query, _output, ctx) {
    if (!ctx.files.exists(query.output)) return fail(`no ${query.output}`)
    const want = new Map<string, number>()
    for (const sale of sales(query.seed, query.rows)) {
      if (sale.day >= query.from && sale.day <= query.to)
        want.set(sale.shop, (want.get(sale.shop) ?? 0) + sale.price)
    }
    const decoder = new TextDecoder()
    let text = ''
    for (const chunk of ctx.files.chunks(query.output)) text += decoder.decode(chunk, { stream: true })
    const got = new Map<string, number>()
    for (const line of (text + decoder.decode()).split('\n')) {
      if (line === '') continue
      const { shop, total } = JSON.parse(line) as { shop: string; total: number }
      got.set(shop, total)
    }
    for (const [shop, total] of want) {
      if (Math.abs((got.get(shop) ?? Number.NaN) - total) > 1e-6)
        return fail(`${shop}: expected ${total}, got ${got.get(shop)}`)
    }
    return got.size === want.size ? true : fail(`expected ${want.size} shops, got ${got.size}`)
  },
  samples: [{ name: '1000 sales', seed: 1, size: 1000 }],
  hidden: [{ name: '5000 sales', seed: 3, size: 5000 }],
})
