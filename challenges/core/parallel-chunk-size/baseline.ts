// The first thing one tries with a pool: one item per task. The same kernel as the reference, but
// every item pays a task's round trip between isolates (tens of microseconds) for well under a
// microsecond's work, so the overhead is the whole running time.
import { pool } from 'arena:pool'

interface Jobs {
  work: Uint32Array
}

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
  const parts = await pool.mapArray<Uint32Array, Uint32Array>('mixChunk', input.work, 1)
  const out = new Uint32Array(input.work.length)
  for (let i = 0; i < parts.length; i++) out[i] = parts[i]![0]!
  return out
}
