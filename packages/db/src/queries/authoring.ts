import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm'
import type { ArenaDb } from '../openDatabase.ts'
import {
  authoredPacks,
  challenges,
  groupMembers,
  type PackTestStatus,
  type PackVisibility,
  packDrafts,
  packs,
  packTests,
  packVersionFiles,
  regrades,
  studyGroups,
  submissions,
} from '../schema.ts'
import { IMMEDIATE } from '../writeTransaction.ts'
import { insertPackVersion, type NewPackVersion, type PackRow } from './packs.ts'
import type { SubmissionRow } from './submissions.ts'

export type AuthoredPackRow = typeof authoredPacks.$inferSelect
export type PackDraftRow = typeof packDrafts.$inferSelect
export type PackTestRecord = typeof packTests.$inferSelect
export type RegradeRow = typeof regrades.$inferSelect
export type PackFiles = Record<string, string>

/** Claims a pack id for an instructor; undefined when the id is taken (by anyone, or by a repo pack). */
export function createAuthoredPack(
  db: ArenaDb,
  input: { packId: string; ownerId: number; now?: Date },
): AuthoredPackRow | undefined {
  const now = input.now ?? new Date()
  return db.transaction((tx) => {
    const repo = tx
      .select({ id: packs.id })
      .from(packs)
      .where(and(eq(packs.packId, input.packId), eq(packs.source, 'repo')))
      .get()
    if (repo) return undefined
    return tx
      .insert(authoredPacks)
      .values({ packId: input.packId, ownerId: input.ownerId, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning()
      .get()
  }, IMMEDIATE)
}

export function findAuthoredPack(db: ArenaDb, packId: string): AuthoredPackRow | undefined {
  return db.select().from(authoredPacks).where(eq(authoredPacks.packId, packId)).get()
}

export function listAuthoredPacks(db: ArenaDb, ownerId: number): AuthoredPackRow[] {
  return db
    .select()
    .from(authoredPacks)
    .where(eq(authoredPacks.ownerId, ownerId))
    .orderBy(desc(authoredPacks.updatedAt))
    .all()
}

export function setPackVisibility(
  db: ArenaDb,
  packId: string,
  visibility: PackVisibility,
  groupId: number | null,
): void {
  db.update(authoredPacks)
    .set({ visibility, groupId: visibility === 'private' ? groupId : null, updatedAt: new Date() })
    .where(eq(authoredPacks.packId, packId))
    .run()
}

export function getPackDraft(db: ArenaDb, userId: number, packId: string): PackDraftRow | undefined {
  return db
    .select()
    .from(packDrafts)
    .where(and(eq(packDrafts.userId, userId), eq(packDrafts.packId, packId)))
    .get()
}

export function savePackDraft(
  db: ArenaDb,
  draft: { userId: number; packId: string; files: PackFiles; updatedAt?: Date },
): PackDraftRow {
  const row = { ...draft, updatedAt: draft.updatedAt ?? new Date() }
  db.transaction((tx) => {
    tx.insert(packDrafts)
      .values(row)
      .onConflictDoUpdate({
        target: [packDrafts.userId, packDrafts.packId],
        set: { files: row.files, updatedAt: row.updatedAt },
      })
      .run()
    tx.update(authoredPacks)
      .set({ updatedAt: row.updatedAt })
      .where(eq(authoredPacks.packId, draft.packId))
      .run()
  }, IMMEDIATE)
  return row
}

export function insertPackTest(
  db: ArenaDb,
  input: { packId: string; hash: string; userId: number },
): PackTestRecord {
  return db
    .insert(packTests)
    .values({ ...input, status: 'queued', createdAt: new Date() })
    .returning()
    .get()
}

export function findPackTest(db: ArenaDb, id: number): PackTestRecord | undefined {
  return db.select().from(packTests).where(eq(packTests.id, id)).get()
}

/** The newest test of exactly this content of a pack. */
export function latestPackTest(db: ArenaDb, packId: string, hash: string): PackTestRecord | undefined {
  return db
    .select()
    .from(packTests)
    .where(and(eq(packTests.packId, packId), eq(packTests.hash, hash)))
    .orderBy(desc(packTests.id))
    .limit(1)
    .get()
}

/** Stores a test's state; a finished test (done or failed) is never changed again. */
export function updatePackTest(
  db: ArenaDb,
  id: number,
  patch: {
    status: PackTestStatus
    ok?: boolean | null
    report?: Record<string, unknown> | null
    error?: string | null
  },
): boolean {
  const finished = patch.status === 'done' || patch.status === 'failed'
  const result = db
    .update(packTests)
    .set({ ...patch, ...(finished ? { finishedAt: new Date() } : {}) })
    .where(and(eq(packTests.id, id), inArray(packTests.status, ['queued', 'running'])))
    .run()
  return result.changes > 0
}

/**
 * Publishes an authored pack's content as its next version (or makes an earlier version with the same
 * content current again) and keeps its files. Older versions and their results stay as they were.
 */
export function publishAuthoredVersion(
  db: ArenaDb,
  version: NewPackVersion & { files: PackFiles; publishedBy: number },
): { row: PackRow; created: boolean } {
  const existing = db.select().from(packs).where(eq(packs.hash, version.hash)).get()
  if (existing && existing.packId !== version.packId) {
    throw new Error(`The content of pack ${version.packId} is already published as pack ${existing.packId}.`)
  }
  const row = existing ?? insertPackVersion(db, { ...version, source: 'authored' })
  db.transaction((tx) => {
    tx.insert(packVersionFiles)
      .values({ packVersionId: row.id, files: version.files })
      .onConflictDoNothing()
      .run()
    tx.update(packs).set({ current: false }).where(eq(packs.packId, version.packId)).run()
    tx.update(packs).set({ current: true }).where(eq(packs.id, row.id)).run()
  }, IMMEDIATE)
  return { row: { ...row, current: true }, created: !existing }
}

export function findPackVersionFiles(db: ArenaDb, packVersionId: number): PackFiles | undefined {
  return db
    .select({ files: packVersionFiles.files })
    .from(packVersionFiles)
    .where(eq(packVersionFiles.packVersionId, packVersionId))
    .get()?.files
}

/**
 * Whether a user may see a pack's challenges: repository packs and public authored packs are for
 * everyone, a private one for its group's members, a draft for its author only.
 */
export function packVisibleTo(db: ArenaDb, packId: string, userId: number | null): boolean {
  const authored = findAuthoredPack(db, packId)
  if (!authored) return true
  if (authored.ownerId === userId) return true
  if (authored.visibility === 'public') return true
  if (authored.visibility === 'private' && authored.groupId !== null && userId !== null) {
    return (
      db
        .select({ userId: groupMembers.userId })
        .from(groupMembers)
        .where(and(eq(groupMembers.groupId, authored.groupId), eq(groupMembers.userId, userId)))
        .get() !== undefined
    )
  }
  return false
}

/** The group each private authored pack is for, by pack id (a learner's map says where a challenge comes from). */
export function packGroups(db: ArenaDb): Map<string, { id: number; name: string }> {
  const rows = db
    .select({ packId: authoredPacks.packId, id: studyGroups.id, name: studyGroups.name })
    .from(authoredPacks)
    .innerJoin(studyGroups, eq(studyGroups.id, authoredPacks.groupId))
    .where(eq(authoredPacks.visibility, 'private'))
    .all()
  return new Map(rows.map(({ packId, id, name }) => [packId, { id, name }]))
}

/** Authored pack ids this user may not see (to filter lists of current challenges). */
export function hiddenPackIds(db: ArenaDb, userId: number | null): Set<string> {
  const hidden = new Set<string>()
  for (const authored of db.select().from(authoredPacks).all()) {
    if (!packVisibleTo(db, authored.packId, userId)) hidden.add(authored.packId)
  }
  return hidden
}

/**
 * Per learner, the newest accepted full submission of a challenge graded on another version than
 * `challengeId`: what a re-grade on that version grades again.
 */
export function acceptedSubmissionsToRegrade(
  db: ArenaDb,
  challengeKey: string,
  challengeId: number,
): SubmissionRow[] {
  const rows = db
    .select()
    .from(submissions)
    .where(
      and(
        eq(submissions.challengeKey, challengeKey),
        ne(submissions.challengeId, challengeId),
        eq(submissions.mode, 'full'),
        eq(submissions.verdict, 'Accepted'),
      ),
    )
    .orderBy(asc(submissions.userId), desc(submissions.createdAt), desc(submissions.id))
    .all()
  const newest = new Map<number, SubmissionRow>()
  for (const row of rows) if (!newest.has(row.userId)) newest.set(row.userId, row)
  return [...newest.values()]
}

export function insertRegrade(
  db: ArenaDb,
  input: { challengeKey: string; challengeId: number; requestedBy: number; total: number },
): RegradeRow {
  return db
    .insert(regrades)
    .values({ ...input, createdAt: new Date() })
    .returning()
    .get()
}

export function findRegrade(db: ArenaDb, id: number): RegradeRow | undefined {
  return db.select().from(regrades).where(eq(regrades.id, id)).get()
}

export function listRegrades(db: ArenaDb, challengeKey: string): RegradeRow[] {
  return db
    .select()
    .from(regrades)
    .where(eq(regrades.challengeKey, challengeKey))
    .orderBy(desc(regrades.id))
    .all()
}

export interface RegradeCounts {
  total: number
  done: number
  accepted: number
}

export function regradeCounts(db: ArenaDb, regradeId: number): RegradeCounts {
  const row = db
    .select({
      total: sql<number>`count(*)`,
      done: sql<number>`coalesce(sum(${submissions.status} = 'done'), 0)`,
      accepted: sql<number>`coalesce(sum(${submissions.verdict} = 'Accepted'), 0)`,
    })
    .from(submissions)
    .where(eq(submissions.regradeId, regradeId))
    .get()
  return { total: row?.total ?? 0, done: row?.done ?? 0, accepted: row?.accepted ?? 0 }
}

/** The challenge rows of one pack version (for a re-grade's choice of challenge). */
export function listVersionChallenges(db: ArenaDb, packVersionId: number) {
  return db
    .select()
    .from(challenges)
    .where(eq(challenges.packVersionId, packVersionId))
    .orderBy(asc(challenges.position))
    .all()
}
