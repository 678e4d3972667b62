import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'
import { join } from 'node:path'
import { fileNameProblem } from '../disk/fileName.ts'
import { InputFileError, missingInputFile, type OpenInputFile } from './inputBlocks.ts'

export type { OpenInputFile } from './inputBlocks.ts'

/**
 * Opens `name` in the scratch folder for a job's input: plain names only, never through a link
 * (O_NOFOLLOW), regular files only. The engine's own spill files are not inputs. Throws
 * InputFileError with what was wrong, which the learner's `mapreduce.run` rejects with.
 */
export function openInputFile(scratchDir: string, name: string): OpenInputFile {
  const problem = fileNameProblem(name)
  if (problem) throw new InputFileError(`mapreduce: job 0.input.file: ${problem}`)
  if (name.startsWith('mapreduce-')) {
    throw new InputFileError(
      `mapreduce: job 0.input.file: ${name} is the engine's own shuffle file, not an input`,
    )
  }
  let fd: number
  try {
    fd = openSync(join(scratchDir, name), constants.O_RDONLY | constants.O_NOFOLLOW)
  } catch {
    throw missingInputFile(name)
  }
  const stat = fstatSync(fd)
  if (!stat.isFile()) {
    closeSync(fd)
    throw new InputFileError(`mapreduce: job 0.input.file: ${JSON.stringify(name)} is not a plain file`)
  }
  let open = true
  return {
    size: stat.size,
    read(position, length) {
      const bytes = Buffer.allocUnsafe(length)
      let done = 0
      while (done < length) {
        const n = readSync(fd, bytes, done, length - done, position + done)
        if (n === 0) break
        done += n
      }
      return bytes.subarray(0, done)
    },
    close() {
      if (open) closeSync(fd)
      open = false
    },
  }
}
