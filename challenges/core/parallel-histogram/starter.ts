import { pool } from 'arena:pool'

interface Experiment {
  seed: number
  blocks: number
  blockSize: number
  bins: number
}

/** The generator of block `block`: each call returns a uniform number in [0, 1). */
function blockGenerator(seed: number, block: number): () => number {
  let state = (seed + Math.imul(block, 0x9e3779b9)) | 0
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Histograms one block: a worker function could do a range of these. */
function histogramBlock(input: Experiment, block: number, counts: Uint32Array): void {
  const next = blockGenerator(input.seed, block)
  for (let i = 0; i < input.blockSize; i++) {
    const sample = (next() + next() + next() + next()) / 4
    counts[Math.floor(sample * input.bins)]!++
  }
}

export async function solve(input: Experiment): Promise<Uint32Array> {
  const counts = new Uint32Array(input.bins)
  // TODO: histogram every block, on all pool.size workers: export a worker function that histograms
  // a range of blocks, and `await pool.map('yourWorker', ranges)`. This only does block 0.
  histogramBlock(input, 0, counts)
  console.log(`the pool has ${pool.size} workers`)
  return counts
}
