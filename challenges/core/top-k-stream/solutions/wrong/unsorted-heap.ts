// @expect WrongAnswer
// A min-heap of the k largest, but the heap is never filled in order: the first k scores are copied
// in unsorted, so the "minimum" at the root is just the first score, and larger ones are rejected.
import { disk } from 'arena:disk'

interface ScoresJob {
  input: string
  count: number
  k: number
}

const CHUNK = 1 << 17

export function solve(job: ScoresJob): { top: Float64Array; mean: number } {
  const file = disk.open(job.input)
  const chunk = new Float64Array(CHUNK)
  const heap = new Float64Array(job.k)
  let size = 0
  let sum = 0
  for (let at = 0; at < job.count; at += CHUNK) {
    const n = file.read(chunk, at * 8) / 8
    for (let i = 0; i < n; i++) {
      const value = chunk[i] as number
      sum += value
      if (size < job.k) heap[size++] = value
      else if (value > (heap[0] as number)) heap[0] = value
    }
  }
  return { top: heap.subarray(0, size).sort().reverse(), mean: job.count === 0 ? 0 : sum / job.count }
}
