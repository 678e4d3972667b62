import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import {
  type ArenaDb,
  findPackVersionByHash,
  insertPackVersion,
  listPackVersions,
  type NewChallenge,
  setCurrentPackVersions,
} from '@arena/db'
import { challengeDts, formatProblem, type Pack, readPack } from '@arena/packs'
import type { FastifyBaseLogger } from 'fastify'
import { storePackVersion } from './packStore.ts'
import { sampleExcerpts } from './sampleExcerpts.ts'

export interface PackImport {
  packId: string
  status: 'unchanged' | 'imported' | 'invalid'
  version?: number
  hash?: string
}

/**
 * Imports every pack folder under `challengesDir` by content hash: an unchanged pack is left alone, a
 * changed one becomes a new version (older submissions keep theirs), and the versions found become the
 * ones learners see. An invalid pack is reported and keeps serving its last good version.
 */
export async function importPacks(
  db: ArenaDb,
  options: { challengesDir: string; packStoreDir: string },
  log: FastifyBaseLogger,
): Promise<PackImport[]> {
  const imports: PackImport[] = []
  const current: number[] = []
  for (const folder of await packFolders(options.challengesDir)) {
    const dir = path.join(options.challengesDir, folder)
    const read = await readPack(dir)
    if (!read.ok) {
      log.error({ pack: folder, problems: read.problems.map(formatProblem) }, 'pack is invalid; not imported')
      const lastGood = listPackVersions(db, folder).find((version) => version.current)
      if (lastGood) current.push(lastGood.id)
      imports.push({ packId: folder, status: 'invalid' })
      continue
    }
    const { pack } = read
    try {
      let row = findPackVersionByHash(db, pack.hash)
      const status = row ? 'unchanged' : 'imported'
      row ??= insertPackVersion(db, {
        packId: pack.config.id,
        label: pack.config.version,
        hash: pack.hash,
        title: pack.config.title,
        titleKo: pack.config.title_ko ?? null,
        challenges: await challengeRows(pack),
      })
      await storePackVersion(options.packStoreDir, pack.dir, pack.hash, pack.config.id)
      current.push(row.id)
      imports.push({ packId: row.packId, status, version: row.version, hash: row.hash })
      log.info({ pack: row.packId, version: row.version, hash: row.hash.slice(0, 12), status }, 'pack')
    } catch (error) {
      // e.g. a tests.ts that does not build: the pack cannot be graded, keep the last good version.
      log.error({ pack: folder, err: error }, 'pack could not be imported')
      const lastGood = listPackVersions(db, folder).find((version) => version.current)
      if (lastGood) current.push(lastGood.id)
      imports.push({ packId: folder, status: 'invalid' })
    }
  }
  setCurrentPackVersions(db, current)
  return imports
}

async function packFolders(challengesDir: string): Promise<string[]> {
  const entries = await readdir(challengesDir, { withFileTypes: true }).catch(() => [])
  const folders: string[] = []
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue
    const hasPackYaml = await stat(path.join(challengesDir, entry.name, 'pack.yaml')).then(
      () => true,
      () => false,
    )
    if (hasPackYaml) folders.push(entry.name)
  }
  return folders.sort()
}

export async function challengeRows(pack: Pack): Promise<NewChallenge[]> {
  // Built in a sandbox child, never here: see sampleExcerpts.
  const samples = await sampleExcerpts(pack)
  return Promise.all(
    pack.challenges.map(async (challenge) => ({
      slug: challenge.id,
      title: challenge.config.title,
      titleKo: challenge.config.title_ko ?? null,
      topic: challenge.config.topic,
      difficulty: challenge.config.difficulty,
      xp: challenge.config.xp,
      config: challenge.config as unknown as Record<string, unknown>,
      statement: challenge.sources.readme,
      statementKo: challenge.sources.readmeKo ?? null,
      starter: challenge.sources.starter,
      dts: challengeDts(challenge),
      samples: samples.get(challenge.id) ?? [],
    })),
  )
}
