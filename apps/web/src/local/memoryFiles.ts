// Input and output files of a local run, in memory: what tests.ts's generate writes (for challenges
// granting `disk`) and what its check reads back, with the grader's name rules.

export interface MemoryInputFiles {
  write(name: string, chunks: Iterable<ArrayBufferView> | ArrayBufferView): string
  name(name: string): string
}

const PLAIN_NAME = /^[A-Za-z0-9._-]{1,100}$/

function checkedName(name: string): string {
  if (!PLAIN_NAME.test(name) || name.includes('..'))
    throw new Error(`tests.ts: ${JSON.stringify(name)} is not a plain file name`)
  return name
}

/** generate's `ctx.files`: the files land in `into`, as the grader's InputFolder writes them to disk. */
export function inputFilesContext(into: Map<string, Uint8Array>, prefix = ''): { files: MemoryInputFiles } {
  return {
    files: {
      write(name, chunks) {
        const parts: Uint8Array[] = []
        let total = 0
        for (const chunk of ArrayBuffer.isView(chunks) ? [chunks] : chunks) {
          parts.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength).slice())
          total += chunk.byteLength
        }
        const bytes = new Uint8Array(total)
        let at = 0
        for (const part of parts) {
          bytes.set(part, at)
          at += part.length
        }
        // The prefix keeps a warm-up input's files apart from the timed input's, as the grader does.
        const full = checkedName(`${prefix}${name}`)
        into.set(full, bytes)
        return full
      },
      name: (name) => checkedName(`${prefix}${name}`),
    },
  }
}

/** check's `ctx.files`: the run's files (inputs and what the program wrote). */
export function outputFilesContext(files: Map<string, Uint8Array>) {
  const file = (name: string) => {
    const bytes = files.get(name)
    if (!bytes) throw new Error(`there is no output file named ${JSON.stringify(name)}`)
    return bytes
  }
  return {
    files: {
      exists: (name: string) => files.has(name),
      size: (name: string) => file(name).length,
      *chunks(name: string, chunkBytes = 2 ** 20): Iterable<Uint8Array> {
        const bytes = file(name)
        const buffer = new Uint8Array(chunkBytes)
        for (let at = 0; at < bytes.length; at += chunkBytes) {
          const part = bytes.subarray(at, at + chunkBytes)
          buffer.set(part)
          yield part.length === chunkBytes ? buffer : buffer.subarray(0, part.length)
        }
      },
    },
  }
}
