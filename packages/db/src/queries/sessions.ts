import { and, eq, gt, lte, ne } from 'drizzle-orm'
import type { ArenaDb } from '../openDatabase.ts'
import { sessions, users } from '../schema.ts'
import type { UserRow } from './users.ts'

export type SessionRow = typeof sessions.$inferSelect

export function createSession(db: ArenaDb, session: SessionRow): void {
  db.insert(sessions).values(session).run()
}

/** The live session with this token hash and its user. */
export function findSession(
  db: ArenaDb,
  tokenHash: string,
  now = new Date(),
): { session: SessionRow; user: UserRow } | undefined {
  const row = db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)))
    .get()
  return row ?? undefined
}

export function deleteSession(db: ArenaDb, tokenHash: string): void {
  db.delete(sessions).where(eq(sessions.tokenHash, tokenHash)).run()
}

export function deleteExpiredSessions(db: ArenaDb, now = new Date()): number {
  return db.delete(sessions).where(lte(sessions.expiresAt, now)).run().changes
}

/** Ends every session of a user, or every one but `keepTokenHash` (the one that asked). */
export function deleteUserSessions(db: ArenaDb, userId: number, keepTokenHash?: string): number {
  const mine = eq(sessions.userId, userId)
  const where = keepTokenHash === undefined ? mine : and(mine, ne(sessions.tokenHash, keepTokenHash))
  return db.delete(sessions).where(where).run().changes
}
