import { type ArenaDb, type AuthoredPackRow, findAuthoredPack, type UserRow } from '@arena/db'
import { authedProcedure } from '../trpc/init.ts'
import { refusal } from '../trpc/refusal.ts'

export function isInstructor(user: UserRow): boolean {
  return user.role === 'instructor' || user.role === 'admin'
}

/** Instructors and admins: the roles that author packs (granted with `packages/db/src/cli/setRole.ts`). */
export const instructorProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!isInstructor(ctx.user)) {
    throw refusal('FORBIDDEN', 'instructorsOnly')
  }
  return next()
})

/** The caller's own authored pack (an admin may open any); someone else's reads as missing. */
export function requireOwnPack(db: ArenaDb, packId: string, user: UserRow): AuthoredPackRow {
  const pack = findAuthoredPack(db, packId)
  if (!pack || (pack.ownerId !== user.id && user.role !== 'admin')) {
    throw refusal('NOT_FOUND', 'ownPackMissing', { packId })
  }
  return pack
}
