import { type ArenaDb, listCurrentChallenges } from '@arena/db'
import type { ChallengeInfo, Difficulty } from '@arena/game'

/** The current challenges as the game rules see them. */
export function gameCatalog(db: ArenaDb): ChallengeInfo[] {
  return listCurrentChallenges(db).map(({ challenge }) => ({
    key: challenge.key,
    title: challenge.title,
    topic: challenge.topic,
    difficulty: challenge.difficulty as Difficulty,
    xp: challenge.xp,
  }))
}
