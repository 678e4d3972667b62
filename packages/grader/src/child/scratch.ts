import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileNameProblem } from '@arena/engines'
import type { CheckContext, GenerateContext } from '../authoring/files.ts'

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
  const parent = scratchParent()
  fs.mkdirSync(parent, { recursive: true })
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
 * The input files of one or more cases, written by tests.ts's generate. `prefix` keeps the warm-up
 * input's files apart from the timed input's when both go into the same run.
 */
export class InputFolder {
  private dir: string | undefined

  /** Files written so far, by their names in the folder. */
  get path(): string | undefined {
    return this.dir
  }

  context(prefix: string): GenerateContext {
    return {
      files: {
        write: (name, chunks) => {
          const full = checkedName(`${prefix}${name}`)
          this.dir ??= makeFolder('inputs')
          const fd = fs.openSync(path.join(this.dir, full), 'wx', 0o444)
          try {
            for (const chunk of ArrayBuffer.isView(chunks) ? [chunks] : chunks) {
              fs.writeSync(fd, new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
            }
          } finally {
            fs.closeSync(fd)
          }
          return full
        },
        name: (name) => checkedName(`${prefix}${name}`),
      },
    }
  }

  /** Hard-links every input file into a run's scratch folder: no copy, and read-only there. */
  linkInto(runDir: string): void {
    if (!this.dir) return
    for (const name of fs.readdirSync(this.dir))
      fs.linkSync(path.join(this.dir, name), path.join(runDir, name))
  }

  remove(): void {
    removeFolder(this.dir)
    this.dir = undefined
  }
}

function checkedName(name: string): string {
  const problem = fileNameProblem(name)
  if (problem) throw new Error(`tests.ts: ${problem}`)
  return name
}

/** Reads a finished run's output files for tests.ts's check. */
export function checkContext(runDir: string | undefined): CheckContext {
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
    files: {
      exists: (name) => {
        try {
          file(name)
          return true
        } catch {
          return false
        }
      },
      size: (name) => file(name).size,
      *chunks(name, chunkBytes = 2 ** 20) {
        const { full } = file(name)
        const buffer = new Uint8Array(chunkBytes)
        const fd = fs.openSync(full, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW)
        try {
          for (;;) {
            const got = fs.readSync(fd, buffer, 0, chunkBytes, null)
            if (got === 0) return
            yield got === chunkBytes ? buffer : buffer.subarray(0, got)
          }
        } finally {
          fs.closeSync(fd)
        }
      },
    },
  }
}
