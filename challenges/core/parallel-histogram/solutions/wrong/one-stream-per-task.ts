// @expect WrongAnswer
// Seeds one generator per task instead of one per block: the samples are as random as before, but not
// the experiment's samples, so the counts depend on how the blocks were split.
import { pool } from 'arena:pool'

interface Experiment {
  seed: number
  blocks: number
  blockSize: number
  bins: number
}

interface Task {
  seed: number
  count: number
  blockSize: number
  bins: number
}

export function countTask(task: Task): Uint32Array {
  const counts = new Uint32Array(task.bins)
  let state = task.seed | 0
  const next = () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  for (let i = 0; i < task.count * task.blockSize; i++) {
    counts[Math.floor(((next() + next() + next() + next()) / 4) * task.bins)]!++
  }
  return counts
}

export async function solve(input: Experiment): Promise<Uint32Array> {
  const half = Math.ceil(input.blocks / 2)
  const tasks = [
    { seed: input.seed, count: half, blockSize: input.blockSize, bins: input.bins },
    { seed: input.seed + 1, count: input.blocks - half, blockSize: input.blockSize, bins: input.bins },
  ]
  const parts = await pool.map<Task, Uint32Array>('countTask', tasks)
  const counts = new Uint32Array(input.bins)
  for (const part of parts) for (let k = 0; k < counts.length; k++) counts[k]! += part[k]!
  return counts
}
