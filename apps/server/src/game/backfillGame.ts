import type { ArenaDb } from '@arena/db'
import type { Logger } from 'pino'
import { awardGame } from './awardGame.ts'

/**
 * Grants XP and badges to learners graded before the game existed (no game profile yet). Ratings are
 * not replayed: a rating is a game against the field as it stood when the result arrived.
 */
export function backfillGame(db: ArenaDb, log: Logger): void {
  const users = db.$client
    .prepare(
      `SELECT DISTINCT user_id AS id FROM submissions s
        WHERE status = 'done' AND NOT EXISTS (SELECT 1 FROM game_profiles p WHERE p.user_id = s.user_id)`,
    )
    .all() as { id: number }[]
  for (const { id } of users) awardGame(db, id)
  if (users.length > 0) log.info({ users: users.length }, 'game: granted XP and badges of earlier results')
}
