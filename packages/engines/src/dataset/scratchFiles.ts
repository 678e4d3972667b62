// The server's JobFiles: the run's scratch folder on disk. Inputs open through inputFile.ts (plain
// names, never through a link), shuffles spill their runs into the folder (Shuffle.ts), and a write's
// parts and output are files there, opened with O_NOFOLLOW as the learner's disk engine opens them.
import { closeSync, constants, lstatSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { openInputFile } from '../mapreduce/inputFile.ts'
import { Shuffle } from '../mapreduce/Shuffle.ts'
import type { JobFiles } from './jobHost.ts'

export function scratchFiles(scratchDir: string): JobFiles {
  const at = (name: string) => join(scratchDir, name)
  return {
    openInput: (name) => openInputFile(scratchDir, name),
    shuffle: (reducers, prefix, memoryBytes, diskBytes, quotaMb, maxBatchChars) =>
      new Shuffle(reducers, scratchDir, prefix, memoryBytes, diskBytes, quotaMb, maxBatchChars),
    exists: (name) => lstatSync(at(name), { throwIfNoEntry: false }) !== undefined,
    append(name, pieces) {
      const fd = openSync(
        at(name),
        constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_NOFOLLOW,
        0o600,
      )
      try {
        for (const piece of pieces) writeSync(fd, piece)
      } finally {
        closeSync(fd)
      }
    },
    read(name, position, length) {
      const fd = openSync(at(name), constants.O_RDONLY | constants.O_NOFOLLOW)
      try {
        const buffer = new Uint8Array(length)
        let done = 0
        while (done < length) {
          const n = readSync(fd, buffer, done, length - done, position + done)
          if (n === 0) break
          done += n
        }
        return buffer.subarray(0, done)
      } finally {
        closeSync(fd)
      }
    },
    rename: (from, to) => renameSync(at(from), at(to)),
    remove: (name) => rmSync(at(name), { force: true }),
  }
}
