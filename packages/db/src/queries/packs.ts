import { and, asc, eq, inArray, max, not } from 'drizzle-orm'
import type { ArenaDb } from '../openDatabase.ts'
import { challenges, packs } from '../schema.ts'
import { IMMEDIATE } from '../writeTransaction.ts'

export type PackRow = typeof packs.$inferSelect
export type ChallengeRow = typeof challenges.$inferSelect
export type NewChallenge = Omit<typeof challenges.$inferInsert, 'id' | 'packVersionId' | 'key' | 'position'>

export interface NewPackVersion {
  packId: string
  label: string
  hash: string
  title: string
  titleKo: string | null
  /** In pack.yaml order. */
  challenges: NewChallenge[]
  /** `repo` (default) for start-up imports, `authored` for a version published from the web. */
  source?: 'repo' | 'authored'
  publishedBy?: number | null
}

export interface ChallengeWithPack {
  challenge: ChallengeRow
  pack: PackRow
}

export function findPackVersionByHash(db: ArenaDb, hash: string): PackRow | undefined {
  return db.select().from(packs).where(eq(packs.hash, hash)).get()
}

/** Inserts the next version of a pack with its challenges, in one transaction. */
export function insertPackVersion(db: ArenaDb, pack: NewPackVersion, importedAt = new Date()): PackRow {
  return db.transaction((tx) => {
    const latest = tx
      .select({ version: max(packs.version) })
      .from(packs)
      .where(eq(packs.packId, pack.packId))
      .get()
    const row = tx
      .insert(packs)
      .values({
        packId: pack.packId,
        version: (latest?.version ?? 0) + 1,
        label: pack.label,
        hash: pack.hash,
        title: pack.title,
        titleKo: pack.titleKo,
        current: false,
        importedAt,
        source: pack.source ?? 'repo',
        publishedBy: pack.publishedBy ?? null,
      })
      .returning()
      .get()
    pack.challenges.forEach((challenge, position) => {
      tx.insert(challenges)
        .values({
          ...challenge,
          packVersionId: row.id,
          key: `${pack.packId}/${challenge.slug}`,
          position,
        })
        .run()
    })
    return row
  }, IMMEDIATE)
}

/**
 * Makes exactly these pack versions the repository packs learners see (one per pack id). Authored
 * packs are left alone: their current version changes only when their author publishes.
 */
export function setCurrentPackVersions(db: ArenaDb, ids: number[]): void {
  db.transaction((tx) => {
    tx.update(packs)
      .set({ current: false })
      .where(and(eq(packs.source, 'repo'), ids.length > 0 ? not(inArray(packs.id, ids)) : undefined))
      .run()
    if (ids.length > 0) tx.update(packs).set({ current: true }).where(inArray(packs.id, ids)).run()
  }, IMMEDIATE)
}

export function listPackVersions(db: ArenaDb, packId?: string): PackRow[] {
  return db
    .select()
    .from(packs)
    .where(packId === undefined ? undefined : eq(packs.packId, packId))
    .orderBy(asc(packs.packId), asc(packs.version))
    .all()
}

/** Challenges of the current pack versions, by pack id then pack.yaml order. */
export function listCurrentChallenges(db: ArenaDb): ChallengeWithPack[] {
  return db
    .select({ challenge: challenges, pack: packs })
    .from(challenges)
    .innerJoin(packs, eq(packs.id, challenges.packVersionId))
    .where(eq(packs.current, true))
    .orderBy(asc(packs.packId), asc(challenges.position))
    .all()
}

/** The challenge `<pack>/<slug>` as learners see it now. */
export function findCurrentChallenge(db: ArenaDb, key: string): ChallengeWithPack | undefined {
  return db
    .select({ challenge: challenges, pack: packs })
    .from(challenges)
    .innerJoin(packs, eq(packs.id, challenges.packVersionId))
    .where(and(eq(challenges.key, key), eq(packs.current, true)))
    .get()
}

export function findChallengeById(db: ArenaDb, id: number): ChallengeWithPack | undefined {
  return db
    .select({ challenge: challenges, pack: packs })
    .from(challenges)
    .innerJoin(packs, eq(packs.id, challenges.packVersionId))
    .where(eq(challenges.id, id))
    .get()
}

/** The challenge `<pack>/<slug>` as it was in one version of its pack (1, 2, ...). */
export function findChallengeVersion(
  db: ArenaDb,
  key: string,
  version: number,
): ChallengeWithPack | undefined {
  return db
    .select({ challenge: challenges, pack: packs })
    .from(challenges)
    .innerJoin(packs, eq(packs.id, challenges.packVersionId))
    .where(and(eq(challenges.key, key), eq(packs.version, version)))
    .get()
}
