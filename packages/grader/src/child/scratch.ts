import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileNameProblem } from '@arena/engines'
import type { CheckContext, GenerateContext } from '../authoring/files.ts'
import { ensurePrivateFolder } from '../privateFolder.ts'

/** Where every sandbox child keeps its folders: `<parent>/child-<pid>/`. */
export function scratchParent(): string {
  return process.env.ARENA_SCRATCH_DIR ?? path.join(os.tmpdir(), 'arena-scratch')
}

let root: string | undefined
let counter = 0

/**
 * This child's folder, made on first use. Folders of children that are gone (killed mid-run, crashed)
 * are removed first, so a crash leaves nothing behind past the next child's start.
 */
export function childScratchRoot(): string {
  if (root) return root
  // Generated hidden inputs live here: the folder is the grader user's alone (0700).
  const parent = ensurePrivateFolder(scratchParent())
  for (const entry of fs.readdirSync(parent)) {
    const pid = Number(/^child-(\d+)$/.exec(entry)?.[1])
    if (pid && (pid === process.pid || !isAlive(pid))) {
      fs.rmSync(path.join(parent, entry), { recursive: true, force: true })
    }
  }
  root = path.join(parent, `child-${process.pid}`)
  fs.mkdirSync(root, { recursive: true })
  return root
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** A fresh, empty folder under this child's root; the caller removes it with `removeFolder`. */
export function makeFolder(kind: string): string {
  const dir = path.join(childScratchRoot(), `${kind}-${++counter}`)
  fs.mkdirSync(dir)
  return dir
}

export function removeFolder(dir: string | undefined): void {
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
}

/**
 * The input files of one or more cases, written by tests.ts's generate. Each `context` is the input of
 * one call of the entry, in call order (a perf round: the warm-up's, then the timed one's); `prefix`
 * keeps their names apart. A run sees each call's files only from that call's start (`stagerFor`).
 */
export class InputFolder {
  private dir: string | undefined
  /** File names per call, in the order the contexts were made. */
  private readonly calls: string[][] = []

  /** Files written so far, by their names in the folder. */
  get path(): string | undefined {
    return this.dir
  }

  /** The input files of the next call: the first context made is call 0's, the next call 1's, … */
  context(prefix: string): InputContext {
    const names: string[] = []
    this.calls.push(names)
    const open = (name: string): InputFileWriter => {
      const full = checkedName(`${prefix}${name}`)
      this.dir ??= makeFolder('inputs')
      const fd = fs.openSync(path.join(this.dir, full), 'wx', 0o444)
      let closed = false
      const finish = (keep: boolean) => {
        if (closed) return
        closed = true
        fs.closeSync(fd)
        // A call sees its files from its start on (stagerFor); a file whose writing failed is not one.
        if (keep) names.push(full)
      }
      return {
        write: (bytes) => {
          if (closed) throw new Error(`tests.ts: ${full} was already closed`)
          fs.writeSync(fd, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
        },
        close: () => {
          finish(true)
          return full
        },
        abort: () => finish(false),
      }
    }
    return {
      files: {
        write: (name, chunks) => {
          const file = open(name)
          try {
            for (const chunk of ArrayBuffer.isView(chunks) ? [chunks] : chunks) file.write(chunk)
          } catch (error) {
            file.abort()
            throw error
          }
          return file.close()
        },
        name: (name) => checkedName(`${prefix}${name}`),
        open,
      },
    }
  }

  /** The files of the last call's context, with where they are now (to be kept for a later task). */
  lastCallFiles(): { name: string; path: string }[] {
    const dir = this.dir
    const names = this.calls.at(-1) ?? []
    return dir ? names.map((name) => ({ name, path: path.join(dir, name) })) : []
  }

  /**
   * The input files of the next call, linked from where they were kept (child/inputCache.ts): all of
   * them or, when one cannot be linked, none (the call is not added and the error is thrown).
   */
  adopt(files: readonly { name: string; path: string }[]): void {
    const linked: string[] = []
    try {
      for (const file of files) {
        this.dir ??= makeFolder('inputs')
        const at = path.join(this.dir, checkedName(file.name))
        fs.linkSync(file.path, at)
        linked.push(at)
      }
    } catch (error) {
      for (const at of linked) fs.rmSync(at, { force: true })
      throw error
    }
    this.calls.push(files.map((file) => file.name))
  }

  /**
   * What a run's engines stage its inputs with: call k's files are hard-linked (no copy, read-only)
   * into `runDir` when call k starts, never before, so module evaluation and earlier calls cannot
   * read, list or size a later call's input (class 3 of issue 14: work before the clock starts).
   */
  stagerFor(runDir: string): { stage(index: number): readonly string[] } {
    const staged = new Set<number>()
    return {
      stage: (index) => {
        const names = this.calls[index] ?? []
        if (staged.has(index) || !this.dir) return names
        staged.add(index)
        for (const name of names) linkReplacing(path.join(this.dir, name), path.join(runDir, name))
        return names
      },
    }
  }

  /** Hard-links every input file into a folder at once (tools that are not runs: no call order). */
  linkInto(runDir: string): void {
    if (!this.dir) return
    for (const name of fs.readdirSync(this.dir))
      fs.linkSync(path.join(this.dir, name), path.join(runDir, name))
  }

  /** The first `maxBytes` of each input file written so far (the statement page's samples). */
  heads(maxBytes: number): { name: string; head: Uint8Array; bytes: number }[] {
    if (!this.dir) return []
    const dir = this.dir
    return this.calls.flat().map((name) => {
      const file = path.join(dir, name)
      const bytes = fs.statSync(file).size
      const fd = fs.openSync(file, 'r')
      try {
        const head = new Uint8Array(Math.min(maxBytes, bytes))
        fs.readSync(fd, head, 0, head.length, 0)
        return { name, head, bytes }
      } finally {
        fs.closeSync(fd)
      }
    })
  }

  remove(): void {
    removeFolder(this.dir)
    this.dir = undefined
  }
}

/**
 * Links `from` at `to`, replacing a file the run created there under the same name in one step
 * (rename is atomic). The temporary name holds `~`, which no learner's file name may contain.
 */
function linkReplacing(from: string, to: string): void {
  const temporary = `${to}~arena-staging`
  fs.rmSync(temporary, { force: true })
  fs.linkSync(from, temporary)
  fs.renameSync(temporary, to)
}

function checkedName(name: string): string {
  const problem = fileNameProblem(name)
  if (problem) throw new Error(`tests.ts: ${problem}`)
  return name
}

/** One input file being written, chunk by chunk (the pack-code isolate's writes arrive this way). */
export interface InputFileWriter {
  write(bytes: ArrayBufferView): void
  /** Closes the file (once; later calls only answer) and gives its name as learner code sees it. */
  close(): string
  /** Closes a file whose writing failed: it is not one of the call's inputs. */
  abort(): void
}

export interface InputContext extends GenerateContext {
  files: GenerateContext['files'] & { open(name: string): InputFileWriter }
}

/** One output file being read, chunk by chunk. */
export interface OutputFileReader {
  /** The next bytes, at most `chunkBytes`, in a buffer of their own; undefined at the end. */
  read(chunkBytes: number): Uint8Array | undefined
  close(): void
}

/** A finished run's output files: what checks read (through `checkContext`, or the pack-code isolate). */
export function outputReader(runDir: string | undefined) {
  const file = (name: string) => {
    if (!runDir) throw new Error('this run had no scratch folder (the challenge grants no disk engine)')
    const problem = fileNameProblem(name)
    if (problem) throw new Error(problem)
    const full = path.join(runDir, name)
    const stat = fs.lstatSync(full, { throwIfNoEntry: false })
    if (!stat?.isFile()) throw new Error(`there is no output file named ${JSON.stringify(name)}`)
    return { full, size: stat.size }
  }
  return {
    exists(name: string): boolean {
      try {
        file(name)
        return true
      } catch {
        return false
      }
    },
    size: (name: string) => file(name).size,
    open(name: string): OutputFileReader {
      const fd = fs.openSync(file(name).full, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW)
      let open = true
      return {
        read(chunkBytes) {
          if (!open) return undefined
          const buffer = new Uint8Array(chunkBytes)
          const got = fs.readSync(fd, buffer, 0, chunkBytes, null)
          if (got === 0) return undefined
          return got === chunkBytes ? buffer : buffer.slice(0, got)
        },
        close() {
          if (open) fs.closeSync(fd)
          open = false
        },
      }
    },
  }
}

/** Reads a finished run's output files for tests.ts's check. */
export function checkContext(runDir: string | undefined): CheckContext {
  const reader = outputReader(runDir)
  return {
    files: {
      exists: reader.exists,
      size: reader.size,
      *chunks(name, chunkBytes = 2 ** 20) {
        const file = reader.open(name)
        const buffer = new Uint8Array(chunkBytes)
        try {
          for (;;) {
            const got = file.read(chunkBytes)
            if (!got) return
            buffer.set(got)
            yield got.length === chunkBytes ? buffer : buffer.subarray(0, got.length)
          }
        } finally {
          file.close()
        }
      },
    },
  }
}
