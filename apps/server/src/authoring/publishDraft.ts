import { type ArenaDb, latestPackTest, type PackFiles, publishAuthoredVersion } from '@arena/db'
import { challengeRows } from '../packs/importPacks.ts'
import { refusal } from '../trpc/refusal.ts'
import type { PackTests } from './PackTests.ts'
import { storeDraft } from './packFolder.ts'
import { packProblemsError } from './packProblemsError.ts'

/**
 * Publishes a draft as the pack's next version, only when it is valid and its exact content (by hash)
 * passed `arena pack test` on a runner. Learners see the new version at once; results of older
 * versions stay attached to the version they were graded on.
 */
export async function publishDraft(
  db: ArenaDb,
  tests: PackTests,
  storeDir: string,
  input: { packId: string; files: PackFiles; userId: number },
): Promise<{ version: number; hash: string; created: boolean }> {
  const stored = await storeDraft(storeDir, input.packId, input.files)
  if (!stored.read.ok) throw packProblemsError('The pack is invalid', stored.read.problems)
  const found = latestPackTest(db, input.packId, stored.hash)
  const test = found ? await tests.settle(found) : undefined
  if (test?.status !== 'done' || !test.ok) {
    const reason = !test
      ? 'publishUntested'
      : test.status === 'queued' || test.status === 'running'
        ? 'publishTestRunning'
        : 'publishTestFailed'
    throw refusal('PRECONDITION_FAILED', reason)
  }
  const { pack } = stored.read
  const { row, created } = publishAuthoredVersion(db, {
    packId: input.packId,
    label: pack.config.version,
    hash: stored.hash,
    title: pack.config.title,
    titleKo: pack.config.title_ko ?? null,
    challenges: await challengeRows(pack),
    files: input.files,
    publishedBy: input.userId,
  })
  return { version: row.version, hash: row.hash, created }
}
