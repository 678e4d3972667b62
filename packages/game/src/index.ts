// @arena/game: XP, levels, mastery, badges, streaks and ratings as pure functions over a learner's facts.

export {
  type AssignmentCell,
  type AssignmentCounts,
  type AssignmentResult,
  type AssignmentState,
  assignmentCell,
  assignmentCounts,
  type DeadlineStatus,
  type DurationUnit,
  deadlineStatus,
  roughDuration,
} from './lib/assignmentProgress.ts'
export {
  BADGES,
  type BadgeCriterion,
  type BadgeDefinition,
  type BadgeStatus,
  badgeEvents,
  badgeStatuses,
} from './lib/badges.ts'
export { baseXp, DIFFICULTY_XP, experienceEvents, TIER_BONUS, TIERS, totalXp } from './lib/experience.ts'
export { type GameProfile, type GameProfileInput, gameProfile } from './lib/gameProfile.ts'
export { type LevelProgress, levelOf, levelProgress, xpForLevel } from './lib/levels.ts'
export { bestTiers, MASTERY_CREDIT, masteryOf, type TopicMastery } from './lib/mastery.ts'
export {
  DIFFICULTY_WEIGHT,
  deviationAt,
  expectedScore,
  FIELD_RATING,
  INITIAL_DEVIATION,
  INITIAL_RATING,
  initialRating,
  isProvisional,
  MIN_FIELD_FOR_PERCENTILE,
  PROVISIONAL_DEVIATION,
  percentileMeans,
  percentileOf,
  type RatedGame,
  type Rating,
  rateGame,
} from './lib/rating.ts'
export { ratingEvent } from './lib/ratingEvent.ts'
export {
  countsForBoards,
  largestCase,
  type MeasureId,
  measuresOf,
  type ResultMeasures,
  type ResultStanding,
  standingOf,
} from './lib/resultMeasures.ts'
export {
  daysBetween,
  FREEZE_EVERY_DAYS,
  isValidTimeZone,
  localDay,
  MAX_FREEZES,
  type Streak,
  shiftDay,
  streakOf,
} from './lib/streak.ts'
export {
  type ChallengeInfo,
  type Difficulty,
  earnsRewards,
  type GameEvent,
  type GameEventKind,
  isAcceptedFull,
  type SubmissionFact,
  type Tier,
} from './lib/types.ts'
export { startOfLocalDay, startOfLocalWeek } from './lib/week.ts'
