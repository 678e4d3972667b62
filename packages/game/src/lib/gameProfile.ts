import { BADGES, type BadgeDefinition, type BadgeStatus, badgeEvents, badgeStatuses } from './badges.ts'
import { byTime, experienceEvents, totalXp } from './experience.ts'
import { type LevelProgress, levelProgress } from './levels.ts'
import { masteryOf, type TopicMastery } from './mastery.ts'
import { type Streak, streakOf } from './streak.ts'
import type { ChallengeInfo, GameEvent, SubmissionFact } from './types.ts'

export interface GameProfileInput {
  facts: SubmissionFact[]
  catalog: ChallengeInfo[]
  /** The course's chapters in order. */
  topics: string[]
  timeZone: string
  now: number
  badges?: BadgeDefinition[]
}

export interface GameProfile {
  level: LevelProgress
  mastery: TopicMastery[]
  badges: BadgeStatus[]
  streak: Streak
  /** XP and badge events, oldest first; ratings are folded by the caller (they need the board). */
  events: GameEvent[]
}

/** Everything the game says about a learner, recomputed from their facts (pure, deterministic). */
export function gameProfile(input: GameProfileInput): GameProfile {
  const facts = input.facts.filter((fact) => fact.at <= input.now)
  const catalog = new Map(input.catalog.map((challenge) => [challenge.key, challenge]))
  const xpEvents = experienceEvents(facts, catalog)
  const badges = badgeStatuses(facts, input.catalog, {
    timeZone: input.timeZone,
    now: input.now,
    badges: input.badges ?? BADGES,
  })
  return {
    level: levelProgress(totalXp(xpEvents)),
    mastery: masteryOf(facts, input.catalog, input.topics),
    badges,
    streak: streakOf(
      facts.map((fact) => fact.at),
      input.timeZone,
      input.now,
    ),
    events: [...xpEvents, ...badgeEvents(badges, input.badges ?? BADGES)].sort(byTime),
  }
}
