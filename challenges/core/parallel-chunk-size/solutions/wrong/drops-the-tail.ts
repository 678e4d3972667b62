// @expect WrongAnswer
// Cuts the array by hand into floor(n / 1000) chunks of 1000: when n is not a multiple of 1000, the
// last items are never sent, and their results stay 0.
import { pool } from 'arena:pool'

interface Jobs {
  work: Uint32Array
}

interface Chunk {
  offset: number
  work: Uint32Array
}

export function mixChunk(chunk: Chunk): Uint32Array {
  const out = new Uint32Array(chunk.work.length)
  for (let j = 0; j < chunk.work.length; j++) {
    let x = (Math.imul(chunk.offset + j + 1, 0x9e3779b9) | 1) >>> 0
    for (let r = chunk.work[j]!; r > 0; r--) {
      x ^= x << 13
      x ^= x >>> 17
      x ^= x << 5
      x >>>= 0
    }
    out[j] = x
  }
  return out
}

export async function solve(input: Jobs): Promise<Uint32Array> {
  const chunks: Chunk[] = []
  for (let c = 0; c < Math.floor(input.work.length / 1000); c++) {
    chunks.push({ offset: c * 1000, work: input.work.slice(c * 1000, (c + 1) * 1000) })
  }
  const parts = await pool.map<Chunk, Uint32Array>('mixChunk', chunks)
  const out = new Uint32Array(input.work.length)
  parts.forEach((part: Uint32Array, c: number) => {
    out.set(part, c * 1000)
  })
  return out
}
