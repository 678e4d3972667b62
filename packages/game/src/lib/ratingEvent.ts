import { isProvisional, percentileMeans, type RatedGame, type Rating, rateGame } from './rating.ts'
import type { GameEvent } from './types.ts'

/**
 * One rated game as an event: a challenge's first Accepted full result on a runner class (resubmitting
 * does not rate again: the key is per challenge and class). The reason quotes "faster than X%" only
 * when the field (`others`: other learners' scored results) is large enough to mean it; alone, the
 * result is the first accepted one; in a small field no share is quoted.
 */
export function ratingEvent(
  before: Rating,
  game: RatedGame & {
    runnerClass: string
    challengeKey: string
    challengeTitle: string
    submissionId: number
    /** How many other learners' scored results the percentile was taken over. */
    others: number
  },
): { after: Rating; event: GameEvent } {
  const after = rateGame(before, game)
  const change = Math.round(after.rating - before.rating)
  const sign = change >= 0 ? '+' : ''
  const top = Math.round(game.percentile * 100)
  const provisional = isProvisional(after) ? ' (provisional)' : ''
  const head = `${sign}${change} rating (${game.runnerClass})`
  const phrase = percentileMeans(game.others)
    ? { code: 'rating.changed', text: `${head}: faster than ${top}% on ${game.challengeTitle}` }
    : game.others === 0
      ? { code: 'rating.first', text: `${head}: first accepted result on ${game.challengeTitle}` }
      : { code: 'rating.played', text: `${head} on ${game.challengeTitle}` }
  return {
    after,
    event: {
      key: `rating:${game.runnerClass}:${game.challengeKey}`,
      kind: 'rating',
      at: game.at,
      amount: change,
      code: phrase.code,
      params: {
        change,
        rating: Math.round(after.rating),
        deviation: Math.round(after.deviation),
        runnerClass: game.runnerClass,
        challenge: game.challengeTitle,
        challengeKey: game.challengeKey,
        others: game.others,
        ...(percentileMeans(game.others) ? { percentile: top } : {}),
      },
      reason: `${phrase.text}${provisional}`,
      submissionId: game.submissionId,
    },
  }
}
