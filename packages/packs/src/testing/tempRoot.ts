import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url))

/**
 * A fresh folder for a test's packs, removed by `cleanup`. `insideRepo` puts it under the repository's
 * node_modules/.cache, where a tests.ts can resolve `@arena/grader/authoring` (the grader bundles
 * tests.ts with node resolution from the file's own folder).
 */
export async function tempRoot(options: { insideRepo?: boolean } = {}) {
  const parent = options.insideRepo ? path.join(REPO_ROOT, 'node_modules', '.cache') : tmpdir()
  await mkdir(parent, { recursive: true })
  const dir = await mkdtemp(path.join(parent, 'arena-packs-test-'))
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) }
}
