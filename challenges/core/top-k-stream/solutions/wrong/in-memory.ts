// @expect MemoryLimit
// @skips-lesson: the whole file in memory, no streaming.
// Reads every score at once and sorts them: fine on the samples, but the hidden files are larger
// than the 8 MB memory limit.
import { disk } from 'arena:disk'

interface ScoresJob {
  input: string
  count: number
  k: number
}

export function solve(job: ScoresJob): { top: Float64Array; mean: number } {
  const all = new Float64Array(job.count)
  disk.open(job.input).read(all, 0)
  let sum = 0
  for (const value of all) sum += value
  all.sort().reverse()
  return { top: all.slice(0, job.k), mean: job.count === 0 ? 0 : sum / job.count }
}
