// @expect WrongAnswer
// Sorts each run with Array.prototype.sort() and no comparator: that compares the keys as strings,
// so 10 comes before 9 and -1 after -2. A merge of runs in the wrong order is not sorted either.
import { disk } from 'arena:disk'

interface SortJob {
  input: string
  output: string
  count: number
}

const RUN_KEYS = 1 << 15

export function solve(job: SortJob): void {
  const input = disk.open(job.input)
  const output = disk.create(job.output)
  const chunk = new Float64Array(RUN_KEYS)
  for (let start = 0; start < job.count; start += RUN_KEYS) {
    const keys = chunk.subarray(0, Math.min(RUN_KEYS, job.count - start))
    input.read(keys, start * 8)
    output.append(Float64Array.from(Array.from(keys).sort()))
  }
  output.close()
}
