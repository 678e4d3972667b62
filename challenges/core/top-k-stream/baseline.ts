// Streams the file in 1 MiB chunks (so it fits in memory), but keeps the top k by appending every
// score of a chunk to the candidates and sorting them all with a comparator, chunk after chunk.
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
  let best: number[] = []
  let sum = 0
  for (let at = 0; at < job.count; at += CHUNK) {
    const n = file.read(chunk, at * 8) / 8
    const candidates = best.slice()
    for (let i = 0; i < n; i++) {
      candidates.push(chunk[i] as number)
      sum += chunk[i] as number
    }
    candidates.sort((a, b) => b - a)
    best = candidates.slice(0, job.k)
  }
  file.close()
  return { top: Float64Array.from(best), mean: job.count === 0 ? 0 : sum / job.count }
}
