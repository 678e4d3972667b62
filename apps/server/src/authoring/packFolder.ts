import { randomUUID } from 'node:crypto'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { type PackProblem, type PackReadResult, packHash, readPack } from '@arena/packs'
import { storePackVersion } from '../packs/packStore.ts'
import type { PackFiles } from './packFiles.ts'

/** Writes a file map as a pack folder named `packId` under `root` (which must exist or be creatable). */
export async function writePackFolder(root: string, packId: string, files: PackFiles): Promise<string> {
  const dir = path.join(root, packId)
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, ...name.split('/'))
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(file, text)
  }
  return dir
}

/** Every file of a pack folder as text (dot-files and node_modules are not pack content). */
export async function readPackFolder(dir: string, relative = ''): Promise<PackFiles> {
  const files: PackFiles = {}
  for (const entry of await readdir(path.join(dir, relative), { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue
    const child = relative ? `${relative}/${entry.name}` : entry.name
    if (entry.isDirectory()) Object.assign(files, await readPackFolder(dir, child))
    else if (entry.isFile()) files[child] = await readFile(path.join(dir, child), 'utf8')
  }
  return files
}

export interface StoredDraft {
  /** The content hash `arena pack test`, the runners and a later export agree on. */
  hash: string
  /** `<store>/<hash>/<packId>`: immutable, where runners find this content by hash. */
  dir: string
  read: PackReadResult
}

/**
 * Puts a draft's content into the pack store by content hash (the same place imported versions go,
 * never the repository's challenges/), then reads it as `arena pack validate` would. Problems name
 * files relative to the pack folder (`sum-array/challenge.yaml`).
 */
export async function storeDraft(storeDir: string, packId: string, files: PackFiles): Promise<StoredDraft> {
  const work = path.join(storeDir, '.work', randomUUID())
  try {
    const staged = await writePackFolder(work, packId, files)
    const hash = await packHash(staged)
    const dir = await storePackVersion(storeDir, staged, hash, packId)
    const read = await readPack(dir)
    const relative = (problem: PackProblem): PackProblem => ({
      ...problem,
      file:
        problem.file === dir
          ? '.'
          : problem.file.startsWith(`${dir}/`)
            ? problem.file.slice(dir.length + 1)
            : problem.file,
    })
    return {
      hash,
      dir,
      read: read.ok
        ? { ...read, problems: read.problems.map(relative) }
        : { ...read, problems: read.problems.map(relative) },
    }
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
