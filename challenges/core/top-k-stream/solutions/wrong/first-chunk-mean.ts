// @expect WrongAnswer
// Keeps the top k correctly, but divides the sum by the chunk size instead of the count of scores.
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
  let best = new Float64Array(0)
  let sum = 0
  for (let at = 0; at < job.count; at += CHUNK) {
    const n = file.read(chunk, at * 8) / 8
    for (let i = 0; i < n; i++) sum += chunk[i] as number
    const merged = new Float64Array(best.length + n)
    merged.set(best)
    merged.set(chunk.subarray(0, n), best.length)
    best = merged.sort().reverse().slice(0, job.k)
  }
  return { top: best, mean: sum / CHUNK }
}
