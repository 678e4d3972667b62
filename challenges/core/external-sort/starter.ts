import { disk } from 'arena:disk'

/** Names of files in the run's scratch folder. */
interface SortJob {
  /** `count` keys, each a little-endian Float64 (8 bytes); read-only. */
  input: string
  /** Create this file and write the `count` keys into it, in ascending order. */
  output: string
  count: number
}

export function solve(job: SortJob): void {
  const input = disk.open(job.input)
  const output = disk.create(job.output)
  // TODO: the keys do not fit in memory (8 MB). Sort runs that fit, write them to scratch files,
  // then merge the runs into `output`. Read and write in large chunks (a MB or so at a time).
  const keys = new Float64Array(Math.min(job.count, 1024))
  input.read(keys, 0)
  output.write(keys, 0)
  input.close()
  output.close()
}
