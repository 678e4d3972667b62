import { type ArenaDb, type GroupRole, groupRoleOf } from '@arena/db'
import { refusal } from '../trpc/refusal.ts'

/**
 * The caller's role in a group; a group they are not in (now) reads as missing, so its existence, name
 * and data stay private, and a removed member loses access with the next request.
 */
export function requireMember(db: ArenaDb, groupId: number, userId: number): GroupRole {
  const role = groupRoleOf(db, groupId, userId)
  if (!role) throw refusal('NOT_FOUND', 'notInGroup', { id: groupId })
  return role
}

export function canTeach(role: GroupRole): boolean {
  return role === 'owner' || role === 'instructor'
}

/** Owners and instructors only. */
export function requireInstructor(db: ArenaDb, groupId: number, userId: number): GroupRole {
  const role = requireMember(db, groupId, userId)
  if (!canTeach(role)) {
    throw refusal('FORBIDDEN', 'groupStaffOnly')
  }
  return role
}
