// One streaming pass with bounded state: 1 MiB chunks, the running sum, and a min-heap of the k
// largest so far. Almost every score is rejected by a single comparison with the heap's minimum.
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
  const k = job.k
  const heap = new Float64Array(k)
  let size = 0
  let sum = 0
  for (let at = 0; at < job.count; at += CHUNK) {
    const n = file.read(chunk, at * 8) / 8
    for (let i = 0; i < n; i++) {
      const value = chunk[i] as number
      sum += value
      if (size < k) {
        // Sift up.
        let j = size++
        while (j > 0) {
          const parent = (j - 1) >> 1
          if ((heap[parent] as number) <= value) break
          heap[j] = heap[parent] as number
          j = parent
        }
        heap[j] = value
      } else if (value > (heap[0] as number)) {
        // Replace the minimum and sift down.
        let j = 0
        for (;;) {
          let child = 2 * j + 1
          if (child >= k) break
          if (child + 1 < k && (heap[child + 1] as number) < (heap[child] as number)) child++
          if ((heap[child] as number) >= value) break
          heap[j] = heap[child] as number
          j = child
        }
        heap[j] = value
      }
    }
  }
  file.close()
  const top = heap.subarray(0, size).sort().reverse()
  return { top, mean: job.count === 0 ? 0 : sum / job.count }
}
