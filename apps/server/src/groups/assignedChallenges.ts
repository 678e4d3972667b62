import {
  type ArenaDb,
  type GroupAssignmentRow,
  hiddenPackIds,
  listCurrentChallenges,
  listGroupAssignments,
} from '@arena/db'

export interface AssignedChallenge {
  key: string
  title: string
  titleKo: string | null
  /** null: no deadline. Assigned twice (a challenge and its pack): the later deadline counts. */
  deadline: Date | null
}

/**
 * The current challenges a viewer may see (drafts and other groups' private packs left out): what a
 * group page may name, whatever was assigned there.
 */
export function challengesVisibleTo(db: ArenaDb, viewerId: number) {
  const hidden = hiddenPackIds(db, viewerId)
  return listCurrentChallenges(db).filter(({ pack }) => !hidden.has(pack.packId))
}

/** The challenges a group's assignments cover now that `viewerId` may see, in assignment order, each once. */
export function assignedChallenges(
  db: ArenaDb,
  groupId: number,
  viewerId: number,
  assignments: GroupAssignmentRow[] = listGroupAssignments(db, groupId),
): AssignedChallenge[] {
  const current = challengesVisibleTo(db, viewerId)
  const byKey = new Map<string, AssignedChallenge>()
  for (const assignment of assignments) {
    const covered = current.filter(({ challenge, pack }) =>
      assignment.challengeKey ? challenge.key === assignment.challengeKey : pack.packId === assignment.packId,
    )
    for (const { challenge } of covered) {
      const existing = byKey.get(challenge.key)
      const deadline = assignment.deadline
      if (!existing) {
        byKey.set(challenge.key, {
          key: challenge.key,
          title: challenge.title,
          titleKo: challenge.titleKo,
          deadline,
        })
      } else if (existing.deadline && (!deadline || deadline > existing.deadline)) {
        existing.deadline = deadline
      }
    }
  }
  return [...byKey.values()]
}
