// @expect WrongAnswer
// Maps correctly but returns the first task's histogram instead of adding all of them up: right on
// a single block, short of samples everywhere else.
import { pool } from 'arena:pool'

interface Experiment {
  seed: number
  blocks: number
  blockSize: number
  bins: number
}

interface BlockRange {
  seed: number
  first: number
  count: number
  blockSize: number
  bins: number
}

export function histogramBlocks(range: BlockRange): Uint32Array {
  const counts = new Uint32Array(range.bins)
  for (let block = range.first; block < range.first + range.count; block++) {
    let state = (range.seed + Math.imul(block, 0x9e3779b9)) | 0
    for (let i = 0; i < range.blockSize; i++) {
      let sum = 0
      for (let draw = 0; draw < 4; draw++) {
        state = (state + 0x6d2b79f5) | 0
        let t = Math.imul(state ^ (state >>> 15), 1 | state)
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
        sum += ((t ^ (t >>> 14)) >>> 0) / 4294967296
      }
      counts[Math.floor((sum / 4) * range.bins)]!++
    }
  }
  return counts
}

export async function solve(input: Experiment): Promise<Uint32Array> {
  const tasks: BlockRange[] = []
  for (let block = 0; block < input.blocks; block++) tasks.push({ ...input, first: block, count: 1 })
  const parts = await pool.map<BlockRange, Uint32Array>('histogramBlocks', tasks)
  return parts[0] as Uint32Array
}
