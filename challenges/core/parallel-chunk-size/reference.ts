// Chunks sized for the pool: about 16 per worker. Each task is then tens of milliseconds' work
// against tens of microseconds of overhead, and when the hot stretch lands in one chunk, the other
// worker takes the next chunks instead of waiting: the work balances itself.
import { pool } from 'arena:pool'

interface Jobs {
  work: Uint32Array
}

const CHUNKS_PER_WORKER = 16

export function mixChunk(work: Uint32Array, info: { offset: number }): Uint32Array {
  const out = new Uint32Array(work.length)
  for (let j = 0; j < work.length; j++) {
    let x = (Math.imul(info.offset + j + 1, 0x9e3779b9) | 1) >>> 0
    for (let r = work[j]!; r > 0; r--) {
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
  const n = input.work.length
  const chunkLength = Math.max(1, Math.ceil(n / (pool.size * CHUNKS_PER_WORKER)))
  const parts = await pool.mapArray<Uint32Array, Uint32Array>('mixChunk', input.work, chunkLength)
  const out = new Uint32Array(n)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}
