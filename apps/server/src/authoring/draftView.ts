import {
  type ArenaDb,
  type AuthoredPackRow,
  findPackVersionFiles,
  getPackDraft,
  latestPackTest,
  listPackVersions,
  listVersionChallenges,
  type PackFiles,
  savePackDraft,
} from '@arena/db'
import type { Pack } from '@arena/packs'
import type { PackDraftView, PackVersionView } from '../api/authoringTypes.ts'
import type { PackTests } from './PackTests.ts'
import { storeDraft } from './packFolder.ts'

/** The instructor's draft, or (none yet) the files of the pack's current version to start from. */
export function draftFiles(db: ArenaDb, pack: AuthoredPackRow, userId: number): PackFiles | undefined {
  const draft = getPackDraft(db, userId, pack.packId)
  if (draft) return draft.files
  const current = listPackVersions(db, pack.packId).find((version) => version.current)
  const files = current ? findPackVersionFiles(db, current.id) : undefined
  if (files) savePackDraft(db, { userId, packId: pack.packId, files })
  return files
}

export function versionViews(db: ArenaDb, packId: string): PackVersionView[] {
  return listPackVersions(db, packId)
    .reverse()
    .map((version) => ({
      version: version.version,
      label: version.label,
      hash: version.hash,
      current: version.current,
      publishedAt: version.importedAt.toISOString(),
      challenges: listVersionChallenges(db, version.id).map((challenge) => ({
        key: challenge.key,
        title: challenge.title,
      })),
    }))
}

/** Everything the editor shows: files, validation problems, the newest test of this content, versions. */
export async function draftView(
  db: ArenaDb,
  tests: PackTests,
  storeDir: string,
  pack: AuthoredPackRow,
  userId: number,
): Promise<PackDraftView> {
  const files = draftFiles(db, pack, userId) ?? {}
  const stored = await storeDraft(storeDir, pack.packId, files)
  const test = latestPackTest(db, pack.packId, stored.hash)
  return {
    packId: pack.packId,
    visibility: pack.visibility,
    groupId: pack.groupId,
    files,
    updatedAt: (getPackDraft(db, userId, pack.packId)?.updatedAt ?? pack.updatedAt).toISOString(),
    hash: stored.hash,
    problems: stored.read.problems,
    challenges: challengeConfigs(files, stored.read.ok ? stored.read.pack : stored.read.partial),
    test: test ? await tests.view(test) : null,
    versions: versionViews(db, pack.packId),
  }
}

function challengeConfigs(files: PackFiles, pack: Pack | undefined): PackDraftView['challenges'] {
  const read = new Map(pack?.challenges.map((challenge) => [challenge.id, challenge.config]) ?? [])
  const folders = Object.keys(files)
    .filter((name) => /^[^/]+\/challenge\.yaml$/.test(name))
    .map((name) => name.slice(0, name.indexOf('/')))
  const listed = pack?.config.challenges ?? []
  const slugs = [...new Set([...listed.filter((slug) => folders.includes(slug)), ...folders.sort()])]
  return slugs.map((slug) => {
    const config = read.get(slug)
    return { slug, config: config ? (config as unknown as Record<string, unknown>) : null }
  })
}
