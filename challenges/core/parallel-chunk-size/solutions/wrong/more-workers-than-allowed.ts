// @expect RuntimeError
// Asks for 8 workers "to go faster": a run has pool.size workers (the challenge's limit, at most the
// machine's cores), and asking for more is an error, not a bigger pool.
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
  const parts = await pool.mapArray<Uint32Array, Uint32Array>('mixChunk', input.work, 512, { workers: 8 })
  const out = new Uint32Array(input.work.length)
  parts.forEach((part: Uint32Array, c: number) => {
    out.set(part, c * 512)
  })
  return out
}
