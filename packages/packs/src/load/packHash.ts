import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'

/**
 * sha256 (hex) over the sorted relative paths and bytes of every file of a pack: an unchanged pack
 * has the same hash on every machine. Dot-files and node_modules are not pack content; symlinks are
 * skipped so a hash never depends on what a link points at.
 */
export async function packHash(dir: string): Promise<string> {
  const files = (await listFiles(dir, '')).sort()
  const hash = createHash('sha256')
  for (const relative of files) {
    const bytes = await readFile(path.join(dir, relative))
    // Length-prefixed so that moving bytes between a path and its content changes the hash.
    hash.update(`${relative}\0${bytes.length}\0`)
    hash.update(bytes)
  }
  return hash.digest('hex')
}

/** The files a pack's hash covers (relative posix paths, sorted): what a pack version consists of. */
export async function packFiles(dir: string): Promise<string[]> {
  return (await listFiles(dir, '')).sort()
}

async function listFiles(root: string, relative: string): Promise<string[]> {
  const entries = await readdir(path.join(root, relative), { withFileTypes: true })
  const nested = await Promise.all(
    entries
      .filter((entry) => !entry.name.startsWith('.') && entry.name !== 'node_modules')
      .map(async (entry) => {
        // Posix separators: the hash must not depend on the platform.
        const child = relative ? `${relative}/${entry.name}` : entry.name
        if (entry.isDirectory()) return listFiles(root, child)
        return entry.isFile() ? [child] : []
      }),
  )
  return nested.flat()
}
