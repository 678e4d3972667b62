import { eq, isNull, sql } from 'drizzle-orm'
import type { ArenaDb } from '../openDatabase.ts'
import { type Locale, type Role, users } from '../schema.ts'
import { IMMEDIATE } from '../writeTransaction.ts'

export type UserRow = typeof users.$inferSelect

export interface NewUser {
  username: string
  passwordHash: string
  locale?: Locale
  role?: Role
  createdAt?: Date
  /** The name's confusable skeleton: with one, a user whose skeleton is the same makes the name taken. */
  usernameSkeleton?: string
}

/**
 * Inserts a user; `undefined` when the name is taken (names are unique regardless of case) or, given a
 * skeleton, when another user's name has the same skeleton. Check and insert are one transaction.
 */
export function createUser(db: ArenaDb, user: NewUser): UserRow | undefined {
  return db.transaction((tx) => {
    if (user.usernameSkeleton !== undefined) {
      const lookAlike = tx
        .select({ id: users.id })
        .from(users)
        .where(eq(users.usernameSkeleton, user.usernameSkeleton))
        .get()
      if (lookAlike) return undefined
    }
    return tx
      .insert(users)
      .values({
        username: user.username,
        passwordHash: user.passwordHash,
        locale: user.locale ?? 'en',
        role: user.role ?? 'learner',
        createdAt: user.createdAt ?? new Date(),
        usernameSkeleton: user.usernameSkeleton ?? null,
      })
      .onConflictDoNothing()
      .returning()
      .get()
  }, IMMEDIATE)
}

/** Users written before skeletons were stored (the server fills them in at start). */
export function usersWithoutSkeleton(db: ArenaDb): { id: number; username: string }[] {
  return db
    .select({ id: users.id, username: users.username })
    .from(users)
    .where(isNull(users.usernameSkeleton))
    .all()
}

export function setUsernameSkeleton(db: ArenaDb, id: number, skeleton: string): void {
  db.update(users).set({ usernameSkeleton: skeleton }).where(eq(users.id, id)).run()
}

export function setUserPasswordHash(db: ArenaDb, id: number, passwordHash: string): void {
  db.update(users).set({ passwordHash }).where(eq(users.id, id)).run()
}

export function findUserByUsername(db: ArenaDb, username: string): UserRow | undefined {
  return db.select().from(users).where(sql`lower(${users.username}) = lower(${username})`).get()
}

export function findUserById(db: ArenaDb, id: number): UserRow | undefined {
  return db.select().from(users).where(eq(users.id, id)).get()
}

export function setUserLocale(db: ArenaDb, id: number, locale: Locale): void {
  db.update(users).set({ locale }).where(eq(users.id, id)).run()
}

export function setUserRole(db: ArenaDb, username: string, role: Role): boolean {
  const result = db
    .update(users)
    .set({ role })
    .where(sql`lower(${users.username}) = lower(${username})`)
    .run()
  return result.changes > 0
}
