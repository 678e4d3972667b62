// @expect RuntimeError
// Puts the generator itself into each task: functions cannot cross into another isolate, and the pool
// says which task held one.
import { pool } from 'arena:pool'

interface Experiment {
  seed: number
  blocks: number
  blockSize: number
  bins: number
}

interface Task {
  next: () => number
  blockSize: number
  bins: number
}

function blockGenerator(seed: number, block: number): () => number {
  let state = (seed + Math.imul(block, 0x9e3779b9)) | 0
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function countBlock(task: Task): Uint32Array {
  const counts = new Uint32Array(task.bins)
  for (let i = 0; i < task.blockSize; i++) {
    counts[Math.floor(((task.next() + task.next() + task.next() + task.next()) / 4) * task.bins)]!++
  }
  return counts
}

export async function solve(input: Experiment): Promise<Uint32Array> {
  const tasks: Task[] = []
  for (let block = 0; block < input.blocks; block++) {
    tasks.push({ next: blockGenerator(input.seed, block), blockSize: input.blockSize, bins: input.bins })
  }
  const parts = await pool.map<Task, Uint32Array>('countBlock', tasks)
  const counts = new Uint32Array(input.bins)
  for (const part of parts) for (let k = 0; k < counts.length; k++) counts[k]! += part[k]!
  return counts
}
