// Hostile zips for the upload tests and the upload benchmark, built in memory in milliseconds.
import { deflateRawSync } from 'node:zlib'
import { strToU8, zipSync } from 'fflate'

const MIB = 2 ** 20

export interface RawEntry {
  name: string
  /** 0 stored, 8 deflate. */
  method: 0 | 8
  data: Uint8Array
  /** The uncompressed size the headers claim (a zip bomb lies here). */
  declaredSize: number
}

/** Zeros each extra byte of a zero run in deflate's body stands for (see deflatedZeros). */
const ZEROS_PER_BYTE = 4 * 258

/**
 * A deflate stream of about `mib` MiB of zeros in about 1 KB per MiB, built in microseconds. zlib
 * (level 9) writes a run of zeros as one literal 0 then (length 258, distance 1) pairs whose two codes
 * are each a single 0 bit: four pairs per zero byte of output. Zero bytes inserted inside that run add
 * 1,032 zeros each and leave every bit after them where it was, so the stream stays valid. This is
 * the shape of the upload: one deflate stream, no stored block, nothing to stop at early.
 */
export function deflatedZeros(mib: number): Uint8Array {
  const seed = deflateRawSync(Buffer.alloc(MIB), { level: 9 })
  const inside = firstZeroRun(seed) + 32
  const extra = Math.max(0, Math.ceil(((mib - 1) * MIB) / ZEROS_PER_BYTE))
  return Buffer.concat([seed.subarray(0, inside), Buffer.alloc(extra), seed.subarray(inside)])
}

/** Where the first run of 64 zero bytes starts (the body of the first block). */
function firstZeroRun(bytes: Uint8Array): number {
  let run = 0
  for (let i = 0; i < bytes.length; i++) {
    run = bytes[i] === 0 ? run + 1 : 0
    if (run === 64) return i - 63
  }
  throw new Error('zlib wrote no run of zeros: the bomb cannot be built')
}

/**
 * The zip bomb: a small pack.yaml and `name` declaring `declaredSize` bytes while its data
 * inflates to `inflatedMiB` MiB of zeros (15 GiB in 15.6 MB by default, as the upload).
 */
export function zipBomb({
  inflatedMiB = 15 * 1024,
  declaredSize = 10,
  name = 'data.csv',
}: {
  inflatedMiB?: number
  declaredSize?: number
  name?: string
} = {}): Uint8Array {
  return rawZip([
    { name: 'pack.yaml', method: 0, data: strToU8('id: bomb\n'), declaredSize: 9 },
    { name, method: 8, data: deflatedZeros(inflatedMiB), declaredSize },
  ])
}

/** `count` tiny entries, folders and macOS clutter in turn, beside a pack.yaml. */
export function crowdedZip(count: number): Uint8Array {
  const entries: Record<string, Uint8Array> = { 'pack.yaml': strToU8('id: crowded\n') }
  for (let i = 0; i < count; i++) {
    entries[i % 2 === 0 ? `d${i}/` : `__MACOSX/._f${i}`] = new Uint8Array(0)
  }
  return zipSync(entries, { level: 0 })
}

/** A zip written field by field, so its headers can say what the test wants (CRCs are not checked). */
export function rawZip(entries: readonly RawEntry[]): Uint8Array {
  const locals: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8')
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x0800, 6) // UTF-8 names
    local.writeUInt16LE(entry.method, 8)
    local.writeUInt16LE(0x21, 12) // 1980-01-01
    local.writeUInt32LE(entry.data.length, 18)
    local.writeUInt32LE(entry.declaredSize, 22)
    local.writeUInt16LE(name.length, 26)
    const record = Buffer.alloc(46)
    record.writeUInt32LE(0x02014b50, 0)
    record.writeUInt16LE(20, 4)
    record.writeUInt16LE(20, 6)
    record.writeUInt16LE(0x0800, 8)
    record.writeUInt16LE(entry.method, 10)
    record.writeUInt16LE(0x21, 14)
    record.writeUInt32LE(entry.data.length, 20)
    record.writeUInt32LE(entry.declaredSize, 24)
    record.writeUInt16LE(name.length, 28)
    record.writeUInt32LE(offset, 42)
    locals.push(local, name, Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.length))
    central.push(record, name)
    offset += local.length + name.length + entry.data.length
  }
  const centralBytes = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(centralBytes.length, 12)
  end.writeUInt32LE(offset, 16)
  return new Uint8Array(Buffer.concat([...locals, centralBytes, end]))
}
