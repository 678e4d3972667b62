import { type ArenaDb, findGameProfile, type UserRow } from '@arena/db'
import { levelOf } from '@arena/game'
import type { Me } from '../api/types.ts'

/** The caller as the API shows them, with the XP the game granted them (see @arena/game). */
export function userSummary(db: ArenaDb, user: UserRow): Me {
  const xp = findGameProfile(db, user.id)?.xp ?? 0
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    locale: user.locale,
    xp,
    level: levelOf(xp),
  }
}
