import { type ArenaDb, listGroupMembers, listUnfinishedSubmissions, listUserGroups } from '@arena/db'
import { TRPCError } from '@trpc/server'
import type { ServerConfig } from '../config.ts'

/**
 * The fair-share group of a user's jobs: the study group they learn in (the first they joined as a
 * member, else any), or the user alone. The queue takes groups in turns, so one group's burst before a
 * deadline does not starve the others.
 */
export function fairGroupOf(db: ArenaDb, userId: number): { key: string; groupId: number | null } {
  const groups = listUserGroups(db, userId)
  const group = groups.find((each) => each.role === 'member') ?? groups[0]
  return group ? { key: `group-${group.id}`, groupId: group.id } : { key: `user-${userId}`, groupId: null }
}

/**
 * Back-pressure at the door: a user, and a study group, may have only so many submissions waiting
 * for a result. Over the limit the submission is refused with what to do, before anything is stored.
 */
export function enforceQueueLimits(
  db: ArenaDb,
  limits: ServerConfig['queueLimits'],
  userId: number,
  groupId: number | null,
): void {
  const unfinished = listUnfinishedSubmissions(db)
  const mine = unfinished.filter((submission) => submission.userId === userId).length
  if (mine >= limits.perUser) {
    throw new TRPCError({
      code: 'TOO_MANY_REQUESTS',
      message: `You have ${mine} submissions waiting to be graded (at most ${limits.perUser} at once). Submit again when one has its result.`,
    })
  }
  if (groupId === null) return
  const members = new Set(listGroupMembers(db, groupId).map((member) => member.userId))
  const ours = unfinished.filter((submission) => members.has(submission.userId)).length
  if (ours >= limits.perGroup) {
    throw new TRPCError({
      code: 'TOO_MANY_REQUESTS',
      message: `Your study group has ${ours} submissions waiting to be graded (at most ${limits.perGroup} at once). Submit again in a moment, when some have their results.`,
    })
  }
}
