import { fileURLToPath } from 'node:url'
import { ProcessPool } from '@arena/sandbox'
import { afterAll, describe, expect, it } from 'vitest'
import { binaryRecordsFile, type ColumnSpec, columnarFile, type FieldType } from './columnarFile.ts'
import { readColumnarFooter } from './columnarFooter.ts'
import type { DatasetPayload, DatasetReport } from './testing/datasetTask.ts'

const TASK = fileURLToPath(new URL('./testing/datasetTask.ts', import.meta.url))
const sandbox = new ProcessPool({ size: 1 })
afterAll(() => sandbox.close())

async function run(payload: DatasetPayload): Promise<DatasetReport> {
  const outcome = await sandbox.run<DatasetReport>({
    module: TASK,
    fn: 'runDataset',
    payload,
    deadlineMs: 60_000,
  })
  if (outcome.kind !== 'done') throw new Error(`task ended ${outcome.kind}: ${JSON.stringify(outcome)}`)
  return outcome.value
}

function ok(report: DatasetReport): Record<string, unknown> {
  expect(report.run.outcome, JSON.stringify(report.run.outcome)).toEqual({ status: 'ok' })
  return report.run.outputs[0] as Record<string, unknown>
}

export function bytesOf(chunks: Iterable<Uint8Array>): Buffer {
  return Buffer.concat([...chunks].map((chunk) => Buffer.from(chunk)))
}

const SCHEMA: ColumnSpec[] = [
  ['day', 'int32'],
  ['price', 'float64'],
  ['shop', 'string'],
]
const SHOPS = ['north', 'süd', '東京', 'west']
/** 1000 sales sorted by day, so each 100-row group covers 10 days: a day range touches few groups. */
const SALES = Array.from({ length: 1000 }, (_, i) => ({
  day: Math.floor(i / 10),
  price: ((i * 37) % 101) / 4,
  shop: SHOPS[i % 4] as string,
}))
const SALES_FILE = bytesOf(columnarFile(SCHEMA, SALES, { rowGroupRows: 100 }))

/** A byte source over a buffer, as the engine's input files are read. */
function source(bytes: Buffer) {
  return { size: bytes.length, read: (at: number, n: number) => bytes.subarray(at, at + n) }
}

describe('dataset engine: the columnar format', () => {
  it('prunes columns and pushes predicates down: only the chosen chunks of the groups the statistics allow are read, rows filtered exactly', async () => {
    const report = await run({
      code: `exports.solve = async () => {
  const query = dataset.read('sales.col', { format: 'columnar', columns: ['shop', 'price'], where: [['day', 'between', 20, 34], ['price', '>', 12]] })
  const rows = await query.collect()
  const pruned = dataset.lastJob().stages[0].counters
  const all = await dataset.read('sales.col', { format: 'columnar' }).count()
  const full = dataset.lastJob().stages[0].counters
  const none = await dataset.read('sales.col', { format: 'columnar', where: [['shop', '=', 'nowhere']] }).count()
  const nothing = dataset.lastJob().stages[0].counters
  return { rows, all, none, pruned, full, nothing }
}`,
      inputs: [null],
      binaryFiles: { 'sales.col': SALES_FILE.toString('base64') },
    })
    const out = ok(report) as {
      rows: unknown[]
      all: number
      none: number
      pruned: Record<string, number>
      full: Record<string, number>
      nothing: Record<string, number>
    }
    const expected = SALES.filter((r) => r.day >= 20 && r.day <= 34 && r.price > 12).map((r) => ({
      shop: r.shop,
      price: r.price,
    }))
    expect(out.rows).toEqual(expected)
    expect([out.all, out.none]).toEqual([1000, 0])
    // Days 20-34 lie in groups 2 and 3: the other 8 are skipped by their day statistics.
    expect([out.pruned.rowGroupsRead, out.pruned.rowGroupsSkipped]).toEqual([2, 8])
    // Bytes read: the footer, and the shop, price and day chunks of groups 2 and 3, nothing else.
    const { footer, bytesRead } = readColumnarFooter('sales.col', source(SALES_FILE))
    const chunkBytes = (groups: number[], columns: number[]) =>
      groups.reduce(
        (sum, g) => sum + columns.reduce((s, c) => s + (footer.rowGroups[g]?.chunks[c]?.bytes ?? 0), 0),
        0,
      )
    expect(out.pruned.inputBytes).toBe(bytesRead + chunkBytes([2, 3], [0, 1, 2]))
    expect(out.full.inputBytes).toBe(bytesRead + chunkBytes([...Array(10).keys()], [0, 1, 2]))
    expect([out.full.rowGroupsRead, out.full.rowGroupsSkipped]).toEqual([10, 0])
    // A string predicate no group's min/max can rule out is read and filtered row by row.
    expect(out.nothing.rowGroupsRead).toBeGreaterThan(0)
    // The engine's totals sum the stages of the call's jobs.
    expect(report.counters.rowGroupsSkipped).toBe(8)
  })

  it('a column chosen without where reads that column only', async () => {
    const report = await run({
      code: `exports.solve = async () => {
  const prices = await dataset.read('sales.col', { format: 'columnar', columns: ['price'], partitions: 3 }).map((r) => r.price).reduce((a, b) => a + b)
  return { prices, stage: dataset.lastJob().stages[0].counters }
}`,
      inputs: [null],
      binaryFiles: { 'sales.col': SALES_FILE.toString('base64') },
    })
    const out = ok(report) as { prices: number; stage: Record<string, number> }
    expect(out.prices).toBeCloseTo(
      SALES.reduce((s, r) => s + r.price, 0),
      9,
    )
    const { footer, bytesRead } = readColumnarFooter('sales.col', source(SALES_FILE))
    expect(out.stage.inputBytes).toBe(bytesRead + 10 * (footer.rowGroups[0]?.chunks[1]?.bytes ?? 0))
    expect(out.stage.tasks).toBe(3)
  })
})

describe('dataset engine: binary records', () => {
  it('reads fixed-layout little-endian records as objects, cut into whole records per partition', async () => {
    const layout: ColumnSpec<FieldType>[] = [
      ['id', 'int32'],
      ['value', 'float64'],
      ['flag', 'uint8'],
    ]
    const rows = Array.from({ length: 5000 }, (_, i) => ({ id: i - 100, value: i / 8, flag: i % 3 }))
    const report = await run({
      code: `exports.solve = async () => {
  const records = dataset.read('points.bin', { format: 'binary', record: [['id', 'int32'], ['value', 'float64'], ['flag', 'uint8']], partitions: 4 })
  return { all: await records.collect(), sizes: await records.mapPartitions((r) => [r.length]).collect() }
}`,
      inputs: [null],
      binaryFiles: { 'points.bin': bytesOf(binaryRecordsFile(layout, rows)).toString('base64') },
    })
    const out = ok(report) as { all: unknown[]; sizes: number[] }
    expect(out.all).toEqual(rows)
    expect(out.sizes.length).toBe(4)
    expect(out.sizes.reduce((a, b) => a + b, 0)).toBe(5000)
    expect(report.jobs[0]?.stages[0]?.counters.inputBytes).toBe(5000 * 13)
  })
})

describe('dataset engine: write', () => {
  it('writes lines, JSON lines and columnar files a later job and the check can read', async () => {
    const report = await run({
      code: `exports.solve = async () => {
  const sales = dataset.fromArray(${JSON.stringify(SALES)}, 3)
  const lines = await sales.map((r) => r.shop + ':' + r.day).write('shops.txt')
  const json = await sales.filter((r) => r.day < 2).write('early.json', { format: 'json' })
  const columnar = await sales.write('sales.col', { format: 'columnar', schema: [['day', 'int32'], ['price', 'float64'], ['shop', 'string']], rowGroupRows: 100 })
  const job = dataset.lastJob().stages.at(-1).counters
  const back = await dataset.read('sales.col', { format: 'columnar', columns: ['day'], where: [['day', '>=', 95]] }).collect()
  const skipped = dataset.lastJob().stages[0].counters.rowGroupsSkipped
  const again = await dataset.read('early.json', { format: 'json' }).count()
  return { lines, json, columnar, outputBytes: job.outputBytes, back, skipped, again }
}`,
      inputs: [null],
      readBack: ['shops.txt', 'early.json', 'sales.col'],
    })
    const out = ok(report) as Record<string, unknown>
    const text = (name: string) => Buffer.from(report.readBack[name] ?? '', 'base64')
    expect(text('shops.txt').toString()).toBe(SALES.map((r) => `${r.shop}:${r.day}\n`).join(''))
    expect(text('early.json').toString()).toBe(
      SALES.filter((r) => r.day < 2)
        .map((r) => `${JSON.stringify(r)}\n`)
        .join(''),
    )
    expect(out.lines).toEqual({
      file: 'shops.txt',
      format: 'lines',
      records: 1000,
      bytes: text('shops.txt').length,
    })
    expect(out.json).toMatchObject({ file: 'early.json', records: 20 })
    // Row groups never span tasks: 3 partitions of 333, 333 and 334 rows make 4 groups each.
    expect(out.columnar).toEqual({
      file: 'sales.col',
      format: 'columnar',
      records: 1000,
      bytes: text('sales.col').length,
      rowGroups: 12,
    })
    expect(out.outputBytes).toBe(text('sales.col').length)
    expect(out.back).toEqual(SALES.filter((r) => r.day >= 95).map((r) => ({ day: r.day })))
    expect(out.skipped).toBe(10)
    expect(out.again).toBe(20)
    // The engine's file is the authoring writer's, byte for byte (the same rows in the same groups).
    const { footer } = readColumnarFooter('sales.col', source(text('sales.col')))
    expect(footer.rowGroups.map((g) => g.rows)).toEqual([
      100, 100, 100, 33, 100, 100, 100, 33, 100, 100, 100, 34,
    ])
    const perTask = [SALES.slice(0, 333), SALES.slice(333, 666), SALES.slice(666)]
    const groupsOf = (rows: typeof SALES) =>
      Array.from({ length: Math.ceil(rows.length / 100) }, (_, g) => rows.slice(g * 100, g * 100 + 100))
    const expectedGroups = perTask.flatMap(groupsOf)
    const engineFile = text('sales.col')
    const hex = (bytes: Buffer, c: { offset: number; bytes: number }) =>
      bytes.subarray(c.offset, c.offset + c.bytes).toString('hex')
    footer.rowGroups.forEach((group, i) => {
      const single = bytesOf(columnarFile(SCHEMA, expectedGroups[i] ?? [], { rowGroupRows: 100 }))
      const written = readColumnarFooter('x', source(single)).footer.rowGroups[0]
      group.chunks.forEach((chunk, k) => {
        const want = written?.chunks[k] as { offset: number; bytes: number; min: unknown; max: unknown }
        expect(hex(engineFile, chunk)).toBe(hex(single, want))
        expect([chunk.min, chunk.max]).toEqual([want.min, want.max])
      })
    })
    // No part or temporary file is left.
    expect(report.scratchLeft.sort()).toEqual(['early.json', 'sales.col', 'shops.txt'])
  })
})
