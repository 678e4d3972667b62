import { type ArenaDb, challengeProgressOf, listCurrentChallenges, type UserRow } from '@arena/db'
import type { Me } from '../api/types.ts'
import { levelOf } from './experience.ts'

/** The caller as the API shows them, with the xp of their accepted challenges. */
export function userSummary(db: ArenaDb, user: UserRow): Me {
  const progress = challengeProgressOf(db, user.id)
  let xp = 0
  for (const { challenge } of listCurrentChallenges(db)) {
    if (progress.get(challenge.key)?.state === 'accepted') xp += challenge.xp
  }
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    locale: user.locale,
    xp,
    level: levelOf(xp),
  }
}
