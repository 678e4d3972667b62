import { describe, expect, it } from 'vitest'
import { binaryRecordsFile, columnarFile } from './columnarFile.ts'
import { readColumnarFooter } from './columnarFooter.ts'

const bytesOf = (chunks: Iterable<Uint8Array>) => Buffer.concat([...chunks].map((c) => Buffer.from(c)))
const source = (bytes: Buffer) => ({
  size: bytes.length,
  read: (at: number, n: number) => bytes.subarray(at, at + n),
})

describe('the authoring writers', () => {
  it('columnarFile cuts row groups, records each chunk range and min/max, and the footer reads back', () => {
    const rows = Array.from({ length: 25 }, (_, i) => [i % 7, i / 2, `r${24 - i}`])
    const file = bytesOf(
      columnarFile(
        [
          ['a', 'int32'],
          ['b', 'float64'],
          ['c', 'string'],
        ],
        rows,
        { rowGroupRows: 10 },
      ),
    )
    const { footer } = readColumnarFooter('t.col', source(file))
    expect(footer.rows).toBe(25)
    expect(footer.rowGroups.map((g) => g.rows)).toEqual([10, 10, 5])
    expect(footer.rowGroups[2]?.chunks.map((c) => [c.min, c.max])).toEqual([
      [0, 6],
      [10, 12],
      ['r0', 'r4'],
    ])
    // int32 and float64 chunks are the values' bytes, little-endian.
    const a = footer.rowGroups[1]?.chunks[0] as { offset: number; bytes: number }
    expect(
      Array.from(
        new Int32Array(file.buffer.slice(file.byteOffset + a.offset, file.byteOffset + a.offset + a.bytes)),
      ),
    ).toEqual(rows.slice(10, 20).map((r) => r[0]))
  })

  it('refuses values a column cannot hold, naming the row and the column', () => {
    const write = (row: unknown) => bytesOf(columnarFile([['n', 'int32']], [{ n: 1 }, row]))
    expect(() => write({ n: 1.5 })).toThrow(
      'columnarFile: row 1, column n: expected a whole number from -2^31 to 2^31-1 (int32), got 1.5',
    )
    expect(() => write({ n: 2 ** 31 })).toThrow(/row 1, column n/)
    expect(() => write({})).toThrow(
      'columnarFile: row 1, column n: expected a finite number (int32), got undefined',
    )
    expect(() => bytesOf(columnarFile([['f', 'float64']], [{ f: Number.NaN }]))).toThrow(
      /expected a finite number \(float64\)/,
    )
    expect(() => bytesOf(columnarFile([['s', 'string']], [{ s: 3 }]))).toThrow(/expected a string/)
    expect(() => bytesOf(columnarFile([['s', 'text' as 'string']], []))).toThrow(/column s has type text/)
  })

  it('binaryRecordsFile packs records in layout order, little-endian', () => {
    const file = bytesOf(
      binaryRecordsFile(
        [
          ['id', 'int16'],
          ['v', 'float32'],
        ],
        [{ id: -2, v: 1.5 }, [7, -0.25]],
      ),
    )
    expect(file.length).toBe(12)
    expect([file.readInt16LE(0), file.readFloatLE(2), file.readInt16LE(6), file.readFloatLE(8)]).toEqual([
      -2, 1.5, 7, -0.25,
    ])
    expect(() => bytesOf(binaryRecordsFile([['id', 'int32']], [{ id: 'x' }]))).toThrow(
      'binaryRecordsFile: record 0, field id: expected a finite number, got x',
    )
  })
})
