import {
  type ArenaDb,
  ensureGameProfile,
  findChallengeById,
  findSubmission,
  type GameEventRow,
  grantGameEvents,
  hasGameEvent,
  IMMEDIATE,
  listGameRatings,
  type NewGameEvent,
  otherBestScores,
  saveGameRating,
} from '@arena/db'
import {
  countsForBoards,
  type Difficulty,
  type GameEvent,
  gameProfile,
  initialRating,
  percentileOf,
  type Rating,
  ratingEvent,
} from '@arena/game'
import { readGradeResult } from '@arena/grader/result'
import { COURSE_TOPICS } from '../course/topics.ts'
import { gameCatalog } from './catalog.ts'
import { factsOf } from './factsOf.ts'

function toNew(event: GameEvent, runnerClass: string | null = null): NewGameEvent {
  return {
    key: event.key,
    kind: event.kind,
    at: new Date(event.at),
    amount: event.amount,
    code: event.code,
    params: event.params,
    reason: event.reason,
    submissionId: event.submissionId ?? null,
    runnerClass,
  }
}

/**
 * Grants what the learner's results earn (XP, badges; and a rating game for `submissionId` when it is
 * the first Accepted full result on its challenge and class) and returns the new events. Idempotent:
 * event keys are granted once, so calling it again after the same result grants nothing.
 */
export function awardGame(db: ArenaDb, userId: number, submissionId?: number): GameEventRow[] {
  const profile = ensureGameProfile(db, userId)
  const facts = factsOf(db, userId)
  const game = gameProfile({
    facts,
    catalog: gameCatalog(db),
    topics: COURSE_TOPICS.map((topic) => topic.id),
    timeZone: profile.timeZone,
    now: Date.now(),
  })
  const granted = grantGameEvents(
    db,
    userId,
    game.events.map((event) => toNew(event)),
  )
  if (submissionId !== undefined) granted.push(...rateSubmission(db, userId, submissionId))
  return granted
}

function rateSubmission(db: ArenaDb, userId: number, submissionId: number): GameEventRow[] {
  const submission = findSubmission(db, submissionId)
  if (!submission || submission.userId !== userId || submission.score === null || !submission.finishedAt)
    return []
  // Rated only on what ranks on the board: Accepted in full, scored, and not marked noisy.
  const read = readGradeResult(submission.result)
  if (!read.ok || !countsForBoards(read.result)) return []
  const key = `rating:${submission.runnerClass}:${submission.challengeKey}`
  if (hasGameEvent(db, userId, key)) return []
  const found = findChallengeById(db, submission.challengeId)
  if (!found) return []
  const stored = listGameRatings(db, userId).find((row) => row.runnerClass === submission.runnerClass)
  const before: Rating = stored
    ? {
        rating: stored.rating,
        deviation: stored.deviation,
        games: stored.games,
        lastAt: stored.lastAt?.getTime() ?? null,
      }
    : initialRating()
  // The field as it stands when the result arrives: the others' best scores on this version and class.
  const others = otherBestScores(db, submission.challengeId, submission.runnerClass, userId)
  const { after, event } = ratingEvent(before, {
    difficulty: found.challenge.difficulty as Difficulty,
    percentile: percentileOf(submission.score, others),
    others: others.length,
    at: submission.finishedAt.getTime(),
    runnerClass: submission.runnerClass,
    challengeKey: submission.challengeKey,
    challengeTitle: found.challenge.title,
    submissionId,
  })
  return db.transaction((tx) => {
    const granted = grantGameEvents(tx as unknown as ArenaDb, userId, [toNew(event, submission.runnerClass)])
    if (granted.length > 0) {
      saveGameRating(tx as unknown as ArenaDb, {
        userId,
        runnerClass: submission.runnerClass,
        rating: after.rating,
        deviation: after.deviation,
        games: after.games,
        lastAt: after.lastAt === null ? null : new Date(after.lastAt),
      })
    }
    return granted
  }, IMMEDIATE)
}
