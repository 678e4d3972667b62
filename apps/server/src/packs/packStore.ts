import { chmod, cp, mkdir, rename, rm, stat, symlink } from 'node:fs/promises'
import path from 'node:path'
import { REPO_ROOT } from '../config.ts'

/** Where the copy of a pack version lives: `<store>/<hash>/<pack id>` (the folder name must be the id). */
export function packVersionDir(storeDir: string, hash: string, packId: string): string {
  return path.join(storeDir, hash, packId)
}

/**
 * Keeps a copy of every imported pack version, so that a submission queued before the pack changed is
 * graded on the version it was made for. A copy is written once (under a temporary name, then renamed)
 * and never changed. The store links the repository's node_modules: tests.ts files import
 * `@arena/grader/authoring`, which esbuild resolves by walking up from the file.
 */
export async function storePackVersion(
  storeDir: string,
  packDir: string,
  hash: string,
  packId: string,
): Promise<string> {
  // Every version's tests.ts (hidden cases) and reference: the store is the server user's alone.
  await mkdir(storeDir, { recursive: true, mode: 0o700 })
  await chmod(storeDir, 0o700)
  const target = packVersionDir(storeDir, hash, packId)
  if (await exists(target)) return target
  await mkdir(path.dirname(target), { recursive: true })
  await linkNodeModules(storeDir)
  const temporary = `${target}.tmp-${process.pid}`
  await rm(temporary, { recursive: true, force: true })
  await cp(packDir, temporary, {
    recursive: true,
    filter: (source) => {
      const name = path.basename(source)
      return source === packDir || (!name.startsWith('.') && name !== 'node_modules')
    },
  })
  await rename(temporary, target).catch(async (error: NodeJS.ErrnoException) => {
    // Another process stored the same version first: same hash, same content.
    await rm(temporary, { recursive: true, force: true })
    if (!(await exists(target))) throw error
  })
  return target
}

async function linkNodeModules(storeDir: string): Promise<void> {
  const link = path.join(storeDir, 'node_modules')
  if (await exists(link)) return
  await symlink(path.join(REPO_ROOT, 'node_modules'), link, 'dir').catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error
  })
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  )
}
