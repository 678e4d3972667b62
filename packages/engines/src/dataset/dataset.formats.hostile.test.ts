import { fileURLToPath } from 'node:url'
import { ProcessPool } from '@arena/sandbox'
import { afterAll, describe, expect, it } from 'vitest'
import { binaryRecordsFile, columnarFile } from './columnarFile.ts'
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

const bytesOf = (chunks: Iterable<Uint8Array>) => Buffer.concat([...chunks].map((c) => Buffer.from(c)))
const GOOD = bytesOf(
  columnarFile(
    [
      ['day', 'int32'],
      ['shop', 'string'],
    ],
    Array.from({ length: 300 }, (_, i) => ({ day: i, shop: `s${i % 7}` })),
    { rowGroupRows: 100 },
  ),
)

/** A columnar file with the given footer (any JSON) after GOOD's data. */
function withFooter(footer: unknown): Buffer {
  const footerStart = GOOD.length - 8 - GOOD.readUInt32LE(GOOD.length - 8)
  const json = Buffer.from(JSON.stringify(footer))
  const length = Buffer.alloc(4)
  length.writeUInt32LE(json.length)
  return Buffer.concat([GOOD.subarray(0, footerStart), json, length, Buffer.from('ACOL')])
}

function goodFooter(): { rowGroups: Record<string, unknown>[]; rows: number } & Record<string, unknown> {
  const length = GOOD.readUInt32LE(GOOD.length - 8)
  return JSON.parse(GOOD.subarray(GOOD.length - 8 - length, GOOD.length - 8).toString())
}

/** Each case's error message: the learner's action rejects with it and the run goes on. */
const MESSAGES = `const message = async (work) => {
  try {
    await work()
    return 'no error'
  } catch (error) {
    return error.constructor.name + ': ' + error.message
  }
}`

function ok(report: DatasetReport): Record<string, string> {
  expect(report.run.outcome, JSON.stringify(report.run.outcome)).toEqual({ status: 'ok' })
  return report.run.outputs[0] as Record<string, string>
}

describe('dataset engine, hostile columnar and binary inputs', () => {
  it('corrupt, truncated and absurd files are refused with what is wrong, never a crash', async () => {
    const footer = goodFooter()
    const absurd = { ...footer, rowGroups: Array.from({ length: 100_001 }, () => footer.rowGroups[0]) }
    const huge = { ...footer, rowGroups: [{ ...footer.rowGroups[0], rows: 1e12 }] }
    const outside = structuredClone(footer)
    ;(outside.rowGroups[1] as { chunks: { offset: number }[] }).chunks[0]!.offset = GOOD.length
    const wrongSize = structuredClone(footer)
    ;(wrongSize.rowGroups[0] as { chunks: { bytes: number }[] }).chunks[0]!.bytes = 12
    const lying = { ...footer, rows: 5 }
    const badLength = Buffer.from(GOOD)
    badLength.writeUInt32LE(2 ** 31, GOOD.length - 8)
    const garbled = Buffer.from(GOOD)
    garbled.fill(120, GOOD.length - 40, GOOD.length - 8)
    const files: Record<string, Buffer> = {
      'text.col': Buffer.from('day,shop\n1,a\n'),
      'tiny.col': Buffer.from('ACOL'),
      'cut.col': GOOD.subarray(0, GOOD.length - 20),
      'length.col': badLength,
      'garbled.col': garbled,
      'absurd.col': withFooter(absurd),
      'huge.col': withFooter(huge),
      'outside.col': withFooter(outside),
      'size.col': withFooter(wrongSize),
      'lying.col': withFooter(lying),
      'good.col': GOOD,
      'odd.bin': Buffer.concat([
        bytesOf(binaryRecordsFile([['x', 'float64']], [{ x: 1 }, { x: 2 }])),
        Buffer.alloc(3),
      ]),
    }
    const report = await run({
      code: `${MESSAGES}
exports.solve = async (names) => {
  const out = {}
  for (const name of names) out[name] = await message(() => dataset.read(name, { format: 'columnar' }).count())
  out.missing = await message(() => dataset.read('good.col', { format: 'columnar', where: [['price', '>', 3]] }).count())
  out.mistyped = await message(() => dataset.read('good.col', { format: 'columnar', where: [['day', '=', '3']] }).count())
  out.column = await message(() => dataset.read('good.col', { format: 'columnar', columns: ['day', 'dya'] }).count())
  out.op = await message(() => dataset.read('good.col', { format: 'columnar', where: [['day', '~', 3]] }))
  out.lines = await message(() => dataset.read('good.col', { format: 'lines', where: [['day', '>', 3]] }))
  out.odd = await message(() => dataset.read('odd.bin', { format: 'binary', record: [['x', 'float64']] }).count())
  out.noRecord = await message(() => dataset.read('odd.bin', { format: 'binary' }))
  out.badType = await message(() => dataset.read('odd.bin', { format: 'binary', record: [['x', 'float128']] }))
  out.still = await dataset.read('good.col', { format: 'columnar', where: [['day', '>=', 250]] }).count()
  return out
}`,
      inputs: [Object.keys(files).filter((name) => name.endsWith('.col') && name !== 'good.col')],
      binaryFiles: Object.fromEntries(
        Object.entries(files).map(([name, bytes]) => [name, bytes.toString('base64')]),
      ),
    })
    const out = ok(report)
    const bad = (name: string) => `Error: dataset.read: ${name} is not a readable columnar file: `
    expect(out['text.col']).toBe(
      `${bad('text.col')}it does not start and end with ACOL (write it with columnarFile or write(file, { format: 'columnar' }), or read it with another format; a file cut short loses its end)`,
    )
    expect(out['tiny.col']).toBe(
      `${bad('tiny.col')}it has 4 bytes, fewer than a columnar file's 12 at the least (truncated?)`,
    )
    expect(out['cut.col']).toMatch(
      /^Error: dataset.read: cut.col is not a readable columnar file: it does not start and end with ACOL/,
    )
    expect(out['length.col']).toMatch(
      /its footer's length says 2147483648 bytes, but the file has \d+ bytes between its magic numbers and a footer may have at most 16777216/,
    )
    expect(out['garbled.col']).toMatch(
      /^Error: dataset.read: garbled.col is not a readable columnar file: its \d+-byte footer is not JSON/,
    )
    expect(out['absurd.col']).toBe(
      `${bad('absurd.col')}its footer claims 100001 row groups, more than the 100000 a file may have (write larger row groups)`,
    )
    expect(out['huge.col']).toBe(
      `${bad('huge.col')}row group 0 claims 1000000000000 rows (from 1 to 16777216)`,
    )
    expect(out['outside.col']).toBe(
      `${bad('outside.col')}row group 1, column day: its byte range lies outside the file's data (truncated or corrupt)`,
    )
    expect(out['size.col']).toBe(
      `${bad('size.col')}row group 0, column day: 12 bytes cannot hold 100 int32 values`,
    )
    expect(out['lying.col']).toBe(`${bad('lying.col')}its footer says 5 rows, but its row groups hold 300`)
    expect(out.missing).toBe(
      'Error: dataset.read: where names the column "price", which good.col does not have; its columns are day (int32), shop (string)',
    )
    expect(out.mistyped).toBe(
      'Error: dataset.read: where compares the int32 column day with "3"; compare it with a number',
    )
    expect(out.column).toBe(
      'Error: dataset.read: columns names "dya", which good.col does not have; its columns are day (int32), shop (string)',
    )
    expect(out.op).toMatch(
      /^TypeError: dataset.read: \["day","~",3\] is not a predicate; write \[column, op, value\]/,
    )
    expect(out.lines).toMatch(/^TypeError: dataset.read: columns and where are for format: 'columnar' only/)
    expect(out.odd).toBe(
      'Error: dataset.read: odd.bin has 19 bytes, not a whole number of 8-byte records (x float64 8): is the record layout right?',
    )
    expect(out.noRecord).toMatch(/^TypeError: dataset.read: format: 'binary' needs a record layout/)
    expect(out.badType).toMatch(
      /^TypeError: dataset.read: \["x","float128"\] is not a \[name, type\] of its own; the types are int8/,
    )
    // After all of that the engine still serves: groups 0 and 1 are skipped.
    expect(out.still).toBe(50)
    expect(report.scratchLeft).toEqual([])
  })

  it('a string chunk whose lengths do not add up ends the run naming the file, without reading into the next chunk', async () => {
    const footer = goodFooter() as unknown as { rowGroups: { chunks: { offset: number }[] }[] }
    const corrupt = Buffer.from(GOOD)
    corrupt.writeUInt32LE(9999, footer.rowGroups[0]?.chunks[1]?.offset ?? 0)
    const report = await run({
      code: "exports.solve = async () => dataset.read('bad.col', { format: 'columnar', columns: ['shop'] }).count()",
      inputs: [null],
      binaryFiles: { 'bad.col': corrupt.toString('base64') },
    })
    expect(report.run.outcome).toMatchObject({ status: 'RuntimeError' })
    expect((report.run.outcome as { message: string }).message).toMatch(
      /^TypeError: dataset.read: bad.col is corrupt: the string lengths of a column chunk add up to 10597 bytes, but the chunk has 600, while running task 0 of stage 1/,
    )
  })
})

describe('dataset engine, hostile writes', () => {
  it('a write past the disk quota rejects with the quota and leaves no part behind; bad names and input files are refused', async () => {
    const report = await run({
      code: `${MESSAGES}
exports.solve = async () => {
  const big = dataset.fromArray(Array.from({ length: 4 }, (_, i) => i), 4).flatMap((i) => Array.from({ length: 3000 }, (_, k) => 'x'.repeat(100) + i + ':' + k))
  const out = {}
  out.quota = await message(() => big.write('big.txt'))
  out.input = await message(() => dataset.fromArray(['a']).write('in.txt'))
  out.reserved = await message(() => dataset.fromArray(['a']).write('dataset-1-part-0'))
  out.path = await message(() => dataset.fromArray(['a']).write('../escape.txt'))
  out.format = await message(() => dataset.fromArray(['a']).write('a.xml', { format: 'xml' }))
  out.schema = await message(() => dataset.fromArray([{ a: 1 }]).write('a.col', { format: 'columnar' }))
  out.small = await dataset.fromArray(['fits']).write('small.txt')
  out.again = await dataset.fromArray(['fits', 'too']).write('small.txt')
  return out
}`,
      inputs: [null],
      files: { 'in.txt': 'input\n' },
      limits: { diskMb: 1 },
    })
    const out = ok(report) as Record<string, unknown>
    expect(out.quota).toMatch(
      /^Error: dataset.write: big.txt would bring the scratch folder past the disk quota of 1 MB \(this write has 0\.\d MB so far, the run's other outputs and shuffle spills hold the rest\); write less/,
    )
    expect(out.input).toBe(
      'Error: dataset.write: in.txt is already in the scratch folder and is not an output of this engine (an input file is read-only); write under another name',
    )
    expect(out.reserved).toBe(
      "Error: dataset.write: dataset-1-part-0 starts like the engine's own files; choose another name",
    )
    expect(out.path).toMatch(/^Error: dataset.write: /)
    expect(out.format).toMatch(/^TypeError: dataset.write: format must be 'lines'/)
    expect(out.schema).toMatch(
      /^TypeError: dataset.write: schema must be a non-empty array of \[name, type\]/,
    )
    expect(out.small).toEqual({ file: 'small.txt', format: 'lines', records: 1, bytes: 5 })
    // Overwriting an earlier output of the run is allowed (Spark's mode('overwrite')).
    expect(out.again).toEqual({ file: 'small.txt', format: 'lines', records: 2, bytes: 9 })
    // The failed write left no part file and no half-written output.
    expect(report.scratchLeft).toEqual(['small.txt'])
  })

  it('a record a write cannot hold ends the run naming the transformation that made it', async () => {
    const lines = await run({
      code: 'exports.solve = async () => dataset.fromArray([1, 2]).map((x) => x * 2).write("out.txt")',
      inputs: [null],
    })
    expect(lines.run.outcome).toMatchObject({ status: 'RuntimeError' })
    expect((lines.run.outcome as { message: string }).message).toMatch(
      /^TypeError: dataset.write: format 'lines' writes strings, but \.map at line 2 made a number; map records to strings first, or write with format 'json'/,
    )
    const columnar = await run({
      code: `exports.solve = async () => dataset.fromArray([{ id: 1, name: 'a' }, { id: 2.5, name: 'b' }]).write('out.col', { format: 'columnar', schema: [['id', 'int32'], ['name', 'string']] })`,
      inputs: [null],
    })
    expect((columnar.run.outcome as { message: string }).message).toMatch(
      /^TypeError: dataset.write: column id must be a whole number from -2\^31 to 2\^31-1 \(int32\), but a record made by fromArray has 2.5/,
    )
    expect(columnar.scratchLeft).toEqual([])
  })
})
