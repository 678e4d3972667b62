import { type ArenaDb, type AuthoredPackRow, findAuthoredPack, type UserRow } from '@arena/db'
import { TRPCError } from '@trpc/server'
import { authedProcedure } from '../trpc/init.ts'

export function isInstructor(user: UserRow): boolean {
  return user.role === 'instructor' || user.role === 'admin'
}

/** Instructors and admins: the roles that author packs (granted with `packages/db/src/cli/setRole.ts`). */
export const instructorProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!isInstructor(ctx.user)) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: 'Authoring packs is for instructors; ask an admin to give your account the instructor role.',
    })
  }
  return next()
})

/** The caller's own authored pack (an admin may open any); someone else's reads as missing. */
export function requireOwnPack(db: ArenaDb, packId: string, user: UserRow): AuthoredPackRow {
  const pack = findAuthoredPack(db, packId)
  if (!pack || (pack.ownerId !== user.id && user.role !== 'admin')) {
    throw new TRPCError({ code: 'NOT_FOUND', message: `You have no pack "${packId}".` })
  }
  return pack
}
