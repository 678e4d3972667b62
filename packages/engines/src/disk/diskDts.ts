/** What learner code sees of `arena:disk`: the body of `declare module 'arena:disk' { ... }`. */
export const DISK_DTS = `  /** A file of the scratch folder, opened by \`disk.open\` or \`disk.create\`. */
  export interface DiskFile {
    readonly name: string
    /**
     * Reads bytes from \`position\` (in bytes) into \`target\`, as many as fit or as the file still has.
     * Returns the number of bytes read: less than \`target.byteLength\` only at the end of the file.
     * Example: \`const n = file.read(keys, 8 * first)\` fills a Float64Array from element \`first\`.
     * Fastest into an array over a \`disk.buffer\` (no copy inside the isolate, one host call).
     */
    read(target: ArrayBufferView, position: number): number
    /** Writes all of \`source\`'s bytes at \`position\`; returns the number of bytes written. */
    write(source: ArrayBufferView, position: number): number
    /** Writes all of \`source\`'s bytes at the end of the file; returns the number of bytes written. */
    append(source: ArrayBufferView): number
    /** The file's size in bytes. */
    size(): number
    /** Releases the handle: at most 64 files may be open at once. */
    close(): void
  }
  /** Thrown for every disk failure: a bad name, a missing file, the quota, a closed handle. */
  export class DiskError extends Error {}
  /**
   * Plain files in a scratch folder of this run, removed when the run ends. Names are plain file names
   * (letters, digits, \`.\`, \`_\`, \`-\`; no folders). Input files are read-only. Writes count against
   * the challenge's disk quota; large reads and writes (1 MiB and more) are much faster than small ones.
   */
  export const disk: {
    /** Opens an existing file (an input, read-only, or one you created). */
    open(name: string): DiskFile
    /** Creates a file, or empties an existing one of yours, opened for reading and writing. */
    create(name: string): DiskFile
    exists(name: string): boolean
    /** Size in bytes of a file. */
    size(name: string): number
    /** Deletes a file you created: its space returns to the quota and its handles close. */
    delete(name: string): void
    /** Names of every file in the scratch folder, sorted. */
    list(): string[]
    /** Bytes your files hold now, and the quota. */
    usage(): { used: number; quota: number }
    /**
     * Allocates \`bytes\` bytes of memory shared with the disk engine (a SharedArrayBuffer, counted
     * against your memory limit) and returns a Uint8Array over all of it. \`read\` and \`write\` (and
     * \`append\`) of any typed array or DataView over this memory go straight between the file and it,
     * with no copy inside the isolate: reads are much faster than into an ordinary array. Allocate a few
     * once and reuse them: at most 64 per run, and they are kept until the run ends.
     * Example: \`const keys = new Float64Array(disk.buffer(1 << 20).buffer)\` then
     * \`file.read(keys, at)\`.
     */
    buffer(bytes: number): Uint8Array
  }`
