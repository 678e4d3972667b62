import { isProvisional, type RatedGame, type Rating, rateGame } from './rating.ts'
import type { GameEvent } from './types.ts'

/**
 * One rated game as an event: a challenge's first Accepted full result on a runner class (resubmitting
 * does not rate again: the key is per challenge and class).
 */
export function ratingEvent(
  before: Rating,
  game: RatedGame & {
    runnerClass: string
    challengeKey: string
    challengeTitle: string
    submissionId: number
  },
): { after: Rating; event: GameEvent } {
  const after = rateGame(before, game)
  const change = Math.round(after.rating - before.rating)
  const sign = change >= 0 ? '+' : ''
  const top = Math.round(game.percentile * 100)
  return {
    after,
    event: {
      key: `rating:${game.runnerClass}:${game.challengeKey}`,
      kind: 'rating',
      at: game.at,
      amount: change,
      code: 'rating.changed',
      params: {
        change,
        rating: Math.round(after.rating),
        deviation: Math.round(after.deviation),
        runnerClass: game.runnerClass,
        challenge: game.challengeTitle,
        challengeKey: game.challengeKey,
        percentile: top,
      },
      reason: `${sign}${change} rating (${game.runnerClass}): faster than ${top}% on ${game.challengeTitle}${
        isProvisional(after) ? ' (provisional)' : ''
      }`,
      submissionId: game.submissionId,
    },
  }
}
