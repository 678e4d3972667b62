// Map-reduce over the pool: the blocks are cut into a few ranges per worker (enough that a worker
// finishing early picks up another, few enough that per-task overhead stays negligible); each task
// histograms its blocks with their own generators and returns a small Uint32Array; the main function
// adds them up. Every block's result depends only on its seed, so any split gives the same counts.
import { pool } from 'arena:pool'

interface Experiment {
  seed: number
  blocks: number
  blockSize: number
  bins: number
}

/** A range of blocks: what one task carries (plain numbers, a few bytes). */
interface BlockRange {
  seed: number
  first: number
  count: number
  blockSize: number
  bins: number
}

const TASKS_PER_WORKER = 4

export function histogramBlocks(range: BlockRange): Uint32Array {
  const counts = new Uint32Array(range.bins)
  const { bins, blockSize } = range
  for (let block = range.first; block < range.first + range.count; block++) {
    let state = (range.seed + Math.imul(block, 0x9e3779b9)) | 0
    for (let i = 0; i < blockSize; i++) {
      let sum = 0
      for (let draw = 0; draw < 4; draw++) {
        state = (state + 0x6d2b79f5) | 0
        let t = Math.imul(state ^ (state >>> 15), 1 | state)
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
        sum += ((t ^ (t >>> 14)) >>> 0) / 4294967296
      }
      counts[Math.floor((sum / 4) * bins)]!++
    }
  }
  return counts
}

export async function solve(input: Experiment): Promise<Uint32Array> {
  const tasks: BlockRange[] = []
  const taskCount = Math.min(input.blocks, pool.size * TASKS_PER_WORKER)
  for (let t = 0; t < taskCount; t++) {
    const first = Math.floor((t * input.blocks) / taskCount)
    const end = Math.floor(((t + 1) * input.blocks) / taskCount)
    tasks.push({ ...input, first, count: end - first })
  }
  const parts = await pool.map<BlockRange, Uint32Array>('histogramBlocks', tasks)
  const counts = new Uint32Array(input.bins)
  for (const part of parts) for (let k = 0; k < counts.length; k++) counts[k]! += part[k]!
  return counts
}
