// @expect MemoryLimit
// @skips-lesson: an in-memory sort, no external merge.
// Reads the whole file into one array and sorts it: correct, and fine on the samples, but the hidden
// inputs are larger than the 8 MB memory limit, so the allocation fails.
import { disk } from 'arena:disk'

interface SortJob {
  input: string
  output: string
  count: number
}

export function solve(job: SortJob): void {
  const keys = new Float64Array(job.count)
  disk.open(job.input).read(keys, 0)
  keys.sort()
  disk.create(job.output).write(keys, 0)
}
