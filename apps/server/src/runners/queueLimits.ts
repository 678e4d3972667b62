import { type ArenaDb, listGroupMembers, listUnfinishedSubmissions, listUserGroups } from '@arena/db'
import { TRPCError } from '@trpc/server'
import type { ServerConfig } from '../config.ts'

/** Which limit a refused submission hit: the error's `data.queueLimit`, so the page can say it in the learner's language. */
export interface QueueLimit {
  scope: 'user' | 'group'
  /** Unfinished submissions now. */
  count: number
  limit: number
}

export class QueueLimitError extends Error {
  constructor(
    message: string,
    readonly queueLimit: QueueLimit,
  ) {
    super(message)
  }
}

/** The limit behind an error (for the tRPC error formatter), if a queue limit it was. */
export function queueLimitOf(cause: unknown): QueueLimit | undefined {
  return cause instanceof QueueLimitError ? cause.queueLimit : undefined
}

function refuse(message: string, queueLimit: QueueLimit): TRPCError {
  return new TRPCError({
    code: 'TOO_MANY_REQUESTS',
    message,
    cause: new QueueLimitError(message, queueLimit),
  })
}

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
    throw refuse(
      `You have ${mine} submissions waiting to be graded (at most ${limits.perUser} at once). Submit again when one has its result.`,
      { scope: 'user', count: mine, limit: limits.perUser },
    )
  }
  if (groupId === null) return
  const members = new Set(listGroupMembers(db, groupId).map((member) => member.userId))
  const ours = unfinished.filter((submission) => members.has(submission.userId)).length
  if (ours >= limits.perGroup) {
    throw refuse(
      `Your study group has ${ours} submissions waiting to be graded (at most ${limits.perGroup} at once). Submit again in a moment, when some have their results.`,
      { scope: 'group', count: ours, limit: limits.perGroup },
    )
  }
}
