import { type ArenaDb, type GroupAssignmentRow, listCurrentChallenges, listGroupAssignments } from '@arena/db'

export interface AssignedChallenge {
  key: string
  title: string
  titleKo: string | null
  /** null: no deadline. Assigned twice (a challenge and its pack): the later deadline counts. */
  deadline: Date | null
}

/** The challenges a group's assignments cover now, in assignment order, each once. */
export function assignedChallenges(
  db: ArenaDb,
  groupId: number,
  assignments: GroupAssignmentRow[] = listGroupAssignments(db, groupId),
): AssignedChallenge[] {
  const current = listCurrentChallenges(db)
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
