import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { scaffoldChallenge } from '@arena/packs'
import type { PackFiles } from './packFiles.ts'
import { readPackFolder, writePackFolder } from './packFolder.ts'

/**
 * A new pack as `arena new <pack>/<slug>` writes it: one working example challenge that passes
 * `pack test` before it is edited. The editor schema hint is dropped: it points into this checkout.
 */
export function newPackFiles(packId: string, slug: string): Promise<PackFiles> {
  return withChallenge(packId, {}, slug)
}

/** The draft with one more challenge, scaffolded the same way and listed in its pack.yaml. */
export async function withChallenge(packId: string, draft: PackFiles, slug: string): Promise<PackFiles> {
  const root = await mkdtemp(path.join(tmpdir(), 'arena-new-pack-'))
  try {
    await writePackFolder(root, packId, draft)
    await scaffoldChallenge(root, packId, slug)
    const files = await readPackFolder(path.join(root, packId))
    for (const name of Object.keys(files)) {
      if (name.endsWith('.yaml')) files[name] = withoutSchemaHint(files[name] ?? '')
    }
    return files
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}

function withoutSchemaHint(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('# yaml-language-server:'))
    .join('\n')
}
