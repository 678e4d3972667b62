/**
 * Input files of a case, for challenges that grant the `disk` engine: written into a folder of the
 * grader, then linked read-only into the scratch folder of every run that gets this input.
 */
export interface InputFiles {
  /**
   * Writes a file chunk by chunk (a generator keeps memory flat for files far larger than memory) and
   * returns its name as learner code sees it: put that name in the input value.
   */
  write(name: string, chunks: Iterable<ArrayBufferView> | ArrayBufferView): string
  /** The name to give learner code for a file it must create (an output file): put it in the input. */
  name(name: string): string
}

export interface GenerateContext {
  files: InputFiles
}

/** Files of a finished run's scratch folder, for checking output files without loading them whole. */
export interface OutputFiles {
  exists(name: string): boolean
  /** Size in bytes; throws when there is no such file (the check then fails with that message). */
  size(name: string): number
  /**
   * The file's bytes, `chunkBytes` at a time (the last chunk may be shorter). Each chunk is a view of
   * one reused buffer: valid until the next step of the loop. Use `chunkBytes` that is a multiple of
   * the record size so that records do not straddle chunks.
   */
  chunks(name: string, chunkBytes?: number): Iterable<Uint8Array>
}

export interface CheckContext {
  files: OutputFiles
}
