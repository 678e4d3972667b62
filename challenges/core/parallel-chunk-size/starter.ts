import { pool } from 'arena:pool'

interface Jobs {
  work: Uint32Array
}

/** Mixes one chunk of items; `info.offset` is where the chunk starts in the whole array. */
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
  const out = new Uint32Array(input.work.length)
  // TODO: choose a chunk length, run `await pool.mapArray('mixChunk', input.work, chunkLength)` and
  // copy each chunk's results into `out` at its offset. Try 1, input.work.length / pool.size, and
  // something in between: the timeline of your run shows what each worker did.
  console.log(`${pool.size} workers for ${input.work.length} items`)
  return out
}
