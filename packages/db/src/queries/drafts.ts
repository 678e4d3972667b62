import { and, eq } from 'drizzle-orm'
import type { ArenaDb } from '../openDatabase.ts'
import { drafts } from '../schema.ts'

export type DraftRow = typeof drafts.$inferSelect

export function getDraft(db: ArenaDb, userId: number, challengeKey: string): DraftRow | undefined {
  return db
    .select()
    .from(drafts)
    .where(and(eq(drafts.userId, userId), eq(drafts.challengeKey, challengeKey)))
    .get()
}

export function saveDraft(
  db: ArenaDb,
  draft: { userId: number; challengeKey: string; source: string; updatedAt?: Date },
): DraftRow {
  const row = { ...draft, updatedAt: draft.updatedAt ?? new Date() }
  db.insert(drafts)
    .values(row)
    .onConflictDoUpdate({
      target: [drafts.userId, drafts.challengeKey],
      set: { source: row.source, updatedAt: row.updatedAt },
    })
    .run()
  return row
}
