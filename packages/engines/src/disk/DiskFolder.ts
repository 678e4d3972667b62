import fs from 'node:fs'
import path from 'node:path'
import type { EngineCounters } from '../EngineInstance.ts'
import { fileNameProblem } from './fileName.ts'

export interface DiskFolderOptions {
  /**
   * The run's scratch folder; files already in it are inputs, read-only to learner code (the grader
   * starts with an empty folder and admits each call's inputs when the call starts: `admitInputs`).
   */
  dir: string
  quotaBytes: number
  /** Buffer 0: the shared staging buffer, which every read or write of a learner's own array goes through. */
  stage: Uint8Array
  /** Total bytes of learner buffers (`disk.buffer`) the host may hold; default 256 MiB. */
  maxBufferBytes?: number
  /** How many learner buffers the host may hold; default 64. */
  maxBuffers?: number
  maxOpenFiles?: number
  maxFiles?: number
}

interface FileEntry {
  size: number
  input: boolean
}

interface Handle {
  fd: number
  name: string
  writable: boolean
  /** Where the last read or write on this handle ended: an access elsewhere is a seek. */
  next: number
}

/** Host calls answer a value, or a string: the message of the DiskError learner code sees. */
export type HostAnswer<T> = T | string

const { O_RDONLY, O_RDWR, O_CREAT, O_TRUNC, O_NOFOLLOW } = fs.constants

/**
 * The host side of the disk engine for one run: a folder, its quota and counters, and the open
 * file descriptors. Every method validates what learner code passed (it is untrusted) and answers an
 * error message instead of throwing, so the guest can throw it from the learner's own stack.
 */
export class DiskFolder {
  readonly maxOpenFiles: number
  readonly maxFiles: number
  private readonly files = new Map<string, FileEntry>()
  private readonly handles = new Map<number, Handle>()
  /** Handles closed by a delete (or an input replacing the file): using one says why, not "unknown handle". */
  private readonly deleted = new Map<number, string>()
  private nextHandle = 1
  /**
   * Shared memory the host reads into and writes from, by id: 0 is the staging buffer, the others are
   * `disk.buffer`s, allocated inside the isolate (so they count against its memory limit) and held here
   * until the run ends.
   */
  private readonly buffers: Uint8Array[]
  private bufferBytes = 0
  private used = 0
  private created = 0
  private readonly count = {
    bytesRead: 0,
    bytesWritten: 0,
    readCalls: 0,
    writeCalls: 0,
    filesCreated: 0,
    peakScratchBytes: 0,
    seeks: 0,
    /** Bytes of the call's input files: bytesRead / inputBytes is the passes made over the input. */
    inputBytes: 0,
  }
  /** The input files of the call about to start (see admitInputs). */
  private callInputs: readonly string[] = []

  constructor(private readonly options: DiskFolderOptions) {
    this.maxOpenFiles = options.maxOpenFiles ?? 64
    this.maxFiles = options.maxFiles ?? 1000
    this.buffers = [options.stage]
    for (const name of fs.readdirSync(options.dir)) {
      const stat = fs.lstatSync(path.join(options.dir, name))
      if (stat.isFile()) this.files.set(name, { size: stat.size, input: true })
    }
  }

  counters(): EngineCounters {
    return { ...this.count }
  }

  /**
   * The input files of the call about to start, just linked into the folder (see
   * `EngineRunOptions.inputFiles`): from now on they are listed, sized and readable, never writable.
   * A file the run created under the same name was replaced by the input: its handles are closed and
   * its bytes leave the quota.
   */
  admitInputs(names: readonly string[]): void {
    this.callInputs = names
    for (const name of names) {
      const entry = this.files.get(name)
      if (entry?.input) continue
      if (entry) {
        this.closeHandlesOf(name, 'was replaced by an input file of this call')
        this.used -= entry.size
        this.created--
        this.files.delete(name)
      }
      const stat = fs.lstatSync(path.join(this.options.dir, name), { throwIfNoEntry: false })
      if (stat?.isFile()) this.files.set(name, { size: stat.size, input: true })
    }
  }

  /** Counters describe one call of the entry: the timed call of a perf round, not its warm-up. */
  startCall(): void {
    for (const name of Object.keys(this.count) as (keyof typeof this.count)[]) this.count[name] = 0
    this.count.peakScratchBytes = this.used
    for (const name of this.callInputs) this.count.inputBytes += this.files.get(name)?.size ?? 0
  }

  open(name: unknown, create: boolean): HostAnswer<number> {
    const problem = fileNameProblem(name)
    if (problem !== undefined) return problem
    const fileName = name as string
    const entry = this.files.get(fileName)
    if (this.handles.size >= this.maxOpenFiles) {
      return `too many open files: at most ${this.maxOpenFiles} may be open at once; close() the ones you are done with`
    }
    if (create) {
      if (entry?.input)
        return `${fileName} is an input file: it is read-only, create your output under another name`
      if (!entry && this.created >= this.maxFiles) {
        return `too many files: the scratch folder holds at most ${this.maxFiles} files you created; delete the ones you are done with`
      }
    } else if (!entry) {
      return `there is no file named ${JSON.stringify(fileName)} in the scratch folder (${this.describeFiles()})`
    }
    const writable = create || !entry?.input
    const flags = (writable ? O_RDWR : O_RDONLY) | O_NOFOLLOW | (create ? O_CREAT | O_TRUNC : 0)
    let fd: number
    try {
      fd = fs.openSync(path.join(this.options.dir, fileName), flags, 0o600)
    } catch (error) {
      return this.fsProblem(error, fileName)
    }
    if (create) {
      if (entry) this.used -= entry.size
      else this.created++
      this.files.set(fileName, { size: 0, input: false })
      this.count.filesCreated++
    }
    const id = this.nextHandle++
    this.handles.set(id, { fd, name: fileName, writable, next: 0 })
    return id
  }

  /**
   * Keeps a SharedArrayBuffer the isolate allocated for `disk.buffer`, so reads and writes of arrays
   * over it need no staging copy; answers its id.
   */
  register(buffer: unknown): HostAnswer<number> {
    if (!(buffer instanceof SharedArrayBuffer) || (buffer as { growable?: boolean }).growable === true) {
      return 'internal: disk.buffer expects a fixed-length SharedArrayBuffer'
    }
    const maxBuffers = this.options.maxBuffers ?? 64
    const maxBytes = this.options.maxBufferBytes ?? 256 * 2 ** 20
    if (this.buffers.length - 1 >= maxBuffers) {
      return `too many disk buffers: at most ${maxBuffers} per run; reuse the ones you have`
    }
    if (this.bufferBytes + buffer.byteLength > maxBytes) {
      return `disk buffers may hold at most ${formatMb(maxBytes)} in all; reuse the ones you have`
    }
    this.bufferBytes += buffer.byteLength
    this.buffers.push(new Uint8Array(buffer))
    return this.buffers.length - 1
  }

  /** Reads into buffer `buffer` (0: the staging buffer) from byte `offset` of it. */
  read(
    id: unknown,
    position: unknown,
    length: unknown,
    continued: unknown,
    buffer: unknown = 0,
    offset: unknown = 0,
  ): HostAnswer<number> {
    const handle = this.handle(id)
    if (typeof handle === 'string') return handle
    const target = this.buffer(buffer)
    if (!target) return 'internal: unknown disk buffer'
    const problem = rangeProblem(position, length, offset, target.length)
    if (problem) return problem
    let got: number
    try {
      got = fs.readSync(handle.fd, target, offset as number, length as number, position as number)
    } catch (error) {
      return this.fsProblem(error, handle.name)
    }
    if (!continued) this.count.readCalls++
    if (position !== handle.next) this.count.seeks++
    handle.next = (position as number) + got
    this.count.bytesRead += got
    return got
  }

  /** `position` -1 appends at the end of the file; the bytes come from buffer `buffer` at `offset`. */
  write(
    id: unknown,
    position: unknown,
    length: unknown,
    continued: unknown,
    buffer: unknown = 0,
    offset: unknown = 0,
  ): HostAnswer<number> {
    const handle = this.handle(id)
    if (typeof handle === 'string') return handle
    const source = this.buffer(buffer)
    if (!source) return 'internal: unknown disk buffer'
    if (!handle.writable) return `${handle.name} is an input file: it is read-only`
    const entry = this.files.get(handle.name)
    if (!entry) return `${handle.name} was deleted`
    const at = position === -1 ? entry.size : position
    const problem = rangeProblem(at, length, offset, source.length)
    if (problem) return problem
    const end = (at as number) + (length as number)
    const growth = Math.max(0, end - entry.size)
    if (this.used + growth > this.options.quotaBytes) {
      return `Disk quota of ${formatMb(this.options.quotaBytes)} exceeded while writing ${handle.name}: the scratch folder would hold ${formatMb(this.used + growth)}; delete files you no longer need`
    }
    let written: number
    try {
      written = fs.writeSync(handle.fd, source, offset as number, length as number, at as number)
    } catch (error) {
      return this.fsProblem(error, handle.name)
    }
    const newSize = Math.max(entry.size, (at as number) + written)
    this.used += newSize - entry.size
    entry.size = newSize
    this.count.peakScratchBytes = Math.max(this.count.peakScratchBytes, this.used)
    if (!continued) this.count.writeCalls++
    if (at !== handle.next) this.count.seeks++
    handle.next = (at as number) + written
    this.count.bytesWritten += written
    return written
  }

  handleSize(id: unknown): HostAnswer<number> {
    const handle = this.handle(id)
    if (typeof handle === 'string') return handle
    return this.files.get(handle.name)?.size ?? `${handle.name} was deleted`
  }

  /** Size of a file by name, or -1 when there is none. */
  sizeOf(name: unknown): HostAnswer<number> {
    const problem = fileNameProblem(name)
    if (problem !== undefined) return problem
    return this.files.get(name as string)?.size ?? -1
  }

  close(id: unknown): HostAnswer<number> {
    const handle = this.handle(id)
    if (typeof handle === 'string') return handle
    this.handles.delete(id as number)
    fs.closeSync(handle.fd)
    return 0
  }

  delete(name: unknown): HostAnswer<number> {
    const problem = fileNameProblem(name)
    if (problem !== undefined) return problem
    const fileName = name as string
    const entry = this.files.get(fileName)
    if (!entry)
      return `there is no file named ${JSON.stringify(fileName)} to delete (${this.describeFiles()})`
    if (entry.input) return `${fileName} is an input file: it is read-only and cannot be deleted`
    this.closeHandlesOf(fileName, 'was deleted')
    try {
      fs.unlinkSync(path.join(this.options.dir, fileName))
    } catch (error) {
      return this.fsProblem(error, fileName)
    }
    this.files.delete(fileName)
    this.used -= entry.size
    this.created--
    return 0
  }

  list(): string[] {
    return [...this.files.keys()].sort()
  }

  usage(): [number, number] {
    return [this.used, this.options.quotaBytes]
  }

  /** Closes every descriptor; the folder itself belongs to the caller, who removes it. */
  dispose(): void {
    for (const handle of this.handles.values()) {
      try {
        fs.closeSync(handle.fd)
      } catch {
        // already closed: nothing to release
      }
    }
    this.handles.clear()
    this.buffers.length = 1
    this.bufferBytes = 0
  }

  /** Closes every handle of `name`; using one later says why (`<name> <why>: its file handles are closed`). */
  private closeHandlesOf(name: string, why: string): void {
    for (const [id, handle] of this.handles) {
      if (handle.name !== name) continue
      fs.closeSync(handle.fd)
      this.handles.delete(id)
      this.deleted.set(id, `${name} ${why}`)
    }
  }

  private buffer(id: unknown): Uint8Array | undefined {
    return typeof id === 'number' && Number.isInteger(id) ? this.buffers[id] : undefined
  }

  private handle(id: unknown): Handle | string {
    const handle = typeof id === 'number' ? this.handles.get(id) : undefined
    if (handle) return handle
    const closedBy = typeof id === 'number' ? this.deleted.get(id) : undefined
    if (closedBy) return `${closedBy}: its file handles are closed`
    return 'this file handle is closed'
  }

  private describeFiles(): string {
    const names = this.list()
    if (names.length === 0) return 'it is empty'
    const shown = names.slice(0, 10).join(', ')
    return `it holds: ${shown}${names.length > 10 ? `, … (${names.length} files)` : ''}`
  }

  private fsProblem(error: unknown, name: string): string {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ELOOP') return `${name} is a link: only plain files of the scratch folder can be opened`
    if (code === 'ENOSPC') return `the machine's disk is full while writing ${name}`
    if (code === 'EMFILE' || code === 'ENFILE')
      return 'too many open files on the grader; close files you are done with'
    return `${name}: ${code ?? 'I/O error'}`
  }
}

/** `length` bytes from `offset` must lie inside a buffer of `size` bytes; at most 1 GiB per call. */
function rangeProblem(position: unknown, length: unknown, offset: unknown, size: number): string | undefined {
  if (typeof position !== 'number' || !Number.isSafeInteger(position) || position < 0) {
    return `a file position must be a whole number of bytes, 0 or more; got ${String(position)}`
  }
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > size) {
    return `internal: bad buffer offset ${String(offset)}`
  }
  if (
    typeof length !== 'number' ||
    !Number.isInteger(length) ||
    length < 0 ||
    length > size - offset ||
    length > MAX_CALL_BYTES
  ) {
    return `internal: bad length ${String(length)}`
  }
  return undefined
}

/** Bytes one host read or write moves at most (Linux moves at most 0x7ffff000 per system call). */
export const MAX_CALL_BYTES = 2 ** 30

export function formatMb(bytes: number): string {
  const mb = bytes / 2 ** 20
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`
}
