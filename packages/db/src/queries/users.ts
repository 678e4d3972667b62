import { eq, sql } from 'drizzle-orm'
import type { ArenaDb } from '../openDatabase.ts'
import { type Locale, type Role, users } from '../schema.ts'

export type UserRow = typeof users.$inferSelect

export interface NewUser {
  username: string
  passwordHash: string
  locale?: Locale
  role?: Role
  createdAt?: Date
}

/** Inserts a user; `undefined` when the name is taken (names are unique regardless of case). */
export function createUser(db: ArenaDb, user: NewUser): UserRow | undefined {
  return db
    .insert(users)
    .values({
      username: user.username,
      passwordHash: user.passwordHash,
      locale: user.locale ?? 'en',
      role: user.role ?? 'learner',
      createdAt: user.createdAt ?? new Date(),
    })
    .onConflictDoNothing()
    .returning()
    .get()
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
