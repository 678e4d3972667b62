// What a job's `output: { file }` may be called and the words for a full disk, the same on the server
// (jobOutputFile.ts) and in the page's local runs: platform-neutral.
import { fileNameProblem } from '../disk/fileName.ts'

/** The engines' own files (parts, shuffle runs) never name an output. */
const RESERVED = /^(mapreduce|dataset)-/

/** Why job `job` may not write `file` (undefined when it may); `isInput`: a file no job wrote is there. */
export function outputNameProblem(file: string, job: number, isInput: boolean): string | undefined {
  const problem = fileNameProblem(file)
  if (problem) return `mapreduce: job ${job}.output.file: ${problem}`
  if (RESERVED.test(file))
    return `mapreduce: job ${job}.output.file: ${file} starts like the engines' own files; choose another name`
  if (isInput)
    return `mapreduce: job ${job}.output.file: ${file} is already in the scratch folder and no job wrote it (an input file is read-only); write under another name`
  return undefined
}

/** Writing a job's output file would bring the scratch folder past the disk quota: the run's verdict. */
export class OutputQuotaError extends Error {
  readonly code = 'ARENA_MAPREDUCE_OUTPUT_QUOTA'
  constructor(file: string, quotaMb: number, writtenBytes: number) {
    super(
      `mapreduce: writing the output file ${JSON.stringify(file)} would bring the scratch folder past the disk quota of ${quotaMb} MB (this job wrote ${(writtenBytes / 2 ** 20).toFixed(1)} MB of it; the run's other output files and the shuffle's spills hold the rest); emit less from the reducers, or write over an earlier output instead of a new one`,
    )
    this.name = 'OutputQuotaError'
  }
}
