// External merge sort, two passes over the data: (1) read memory-sized runs, sort each with the
// typed array's native sort, write it out; (2) merge every run at once (k-way, a binary heap of the
// runs' current keys) through large read and write buffers.
import { disk } from 'arena:disk'

interface SortJob {
  input: string
  output: string
  count: number
}

/** 2 MB of keys per run: a quarter of the memory limit, with room for the merge buffers later. */
const RUN_KEYS = 1 << 18
/** Keys buffered for all run readers together during the merge, and for the output. */
const MERGE_KEYS = 1 << 18
const OUT_KEYS = 1 << 17

export function solve(job: SortJob): void {
  const input = disk.open(job.input)
  const output = disk.create(job.output)
  const runs: { name: string; count: number }[] = []
  let run: Float64Array | null = new Float64Array(Math.min(RUN_KEYS, job.count))
  for (let start = 0; start < job.count; start += RUN_KEYS) {
    const keys = run.subarray(0, Math.min(RUN_KEYS, job.count - start))
    input.read(keys, start * 8)
    keys.sort()
    if (job.count <= RUN_KEYS) {
      output.write(keys, 0)
      output.close()
      return
    }
    const name = `run-${runs.length}.bin`
    const file = disk.create(name)
    file.write(keys, 0)
    file.close()
    runs.push({ name, count: keys.length })
  }
  input.close()
  run = null
  merge(runs, output)
  output.close()
  for (const { name } of runs) disk.delete(name)
}

function merge(runs: { name: string; count: number }[], output: ReturnType<typeof disk.create>): void {
  const k = runs.length
  const perRun = Math.max(1024, Math.floor(MERGE_KEYS / k))
  const files = runs.map(({ name }) => disk.open(name))
  const buffers = runs.map(() => new Float64Array(perRun))
  const filled = new Int32Array(k) // keys in each buffer
  const cursor = new Int32Array(k) // next key in each buffer
  const readFrom = new Float64Array(k) // next key index to read from each run file
  const refill = (r: number): boolean => {
    const left = (runs[r] as { count: number }).count - (readFrom[r] as number)
    if (left <= 0) return false
    const view = left < perRun ? (buffers[r] as Float64Array).subarray(0, left) : (buffers[r] as Float64Array)
    ;(files[r] as ReturnType<typeof disk.open>).read(view, (readFrom[r] as number) * 8)
    readFrom[r] = (readFrom[r] as number) + view.length
    filled[r] = view.length
    cursor[r] = 0
    return true
  }

  // Min-heap of run numbers, ordered by each run's current key (kept beside it for speed).
  const heapRun = new Int32Array(k)
  const heapKey = new Float64Array(k)
  let size = 0
  for (let r = 0; r < k; r++) {
    if (!refill(r)) continue
    let i = size++
    const key = (buffers[r] as Float64Array)[0] as number
    while (i > 0) {
      const parent = (i - 1) >> 1
      if ((heapKey[parent] as number) <= key) break
      heapKey[i] = heapKey[parent] as number
      heapRun[i] = heapRun[parent] as number
      i = parent
    }
    heapKey[i] = key
    heapRun[i] = r
  }

  const out = new Float64Array(OUT_KEYS)
  let pending = 0
  while (size > 0) {
    const r = heapRun[0] as number
    out[pending++] = heapKey[0] as number
    if (pending === OUT_KEYS) {
      output.append(out)
      pending = 0
    }
    let c = (cursor[r] as number) + 1
    let key: number
    if (c < (filled[r] as number)) {
      cursor[r] = c
      key = (buffers[r] as Float64Array)[c] as number
    } else if (refill(r)) {
      c = 0
      key = (buffers[r] as Float64Array)[0] as number
    } else {
      // This run is done: the last heap entry takes the root's place.
      size--
      if (size === 0) break
      key = heapKey[size] as number
      heapRun[0] = heapRun[size] as number
    }
    const moving = heapRun[0] as number
    let i = 0
    for (;;) {
      let child = 2 * i + 1
      if (child >= size) break
      if (child + 1 < size && (heapKey[child + 1] as number) < (heapKey[child] as number)) child++
      if ((heapKey[child] as number) >= key) break
      heapKey[i] = heapKey[child] as number
      heapRun[i] = heapRun[child] as number
      i = child
    }
    heapKey[i] = key
    heapRun[i] = moving
  }
  if (pending > 0) output.append(out.subarray(0, pending))
  for (const file of files) file.close()
}
