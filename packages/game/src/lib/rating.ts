// A rating per runner class, Glicko-1 over "games" against the field of a challenge. As in Tensara, a
// result's outcome is its performance percentile (the share of other learners' best scores it beats),
// and a game is weighted by the challenge's difficulty: the same percentile on a hard challenge moves
// the rating further (and teaches more about the player) than on an easy one. New players start
// uncertain (deviation 350) and move fast; the deviation shrinks with each game and grows back with
// inactivity.

export const INITIAL_RATING = 1500
export const INITIAL_DEVIATION = 350
export const MIN_DEVIATION = 30
/** Deviation growth per day without games: from 50 back to 350 in about 3 years. */
export const DEVIATION_GROWTH_PER_DAY = 6
/** A rating with a deviation above this is shown as provisional. */
export const PROVISIONAL_DEVIATION = 110

/** A game's weight by difficulty: it scales both the rating change and what the game tells us. */
export const DIFFICULTY_WEIGHT = { easy: 0.5, medium: 1, hard: 1.5 } as const
/** The field's rating: beating half of it is what an average (1500) player does. */
export const FIELD_RATING = INITIAL_RATING
/** The field's own uncertainty. */
const FIELD_DEVIATION = 60

const Q = Math.LN10 / 400

export interface Rating {
  rating: number
  deviation: number
  games: number
  /** When the last game was played (epoch ms), or null. */
  lastAt: number | null
}

export interface RatedGame {
  difficulty: keyof typeof DIFFICULTY_WEIGHT
  /** 0..1: the share of others beaten (0.5 when nobody else is on the board). */
  percentile: number
  at: number
}

export function initialRating(): Rating {
  return { rating: INITIAL_RATING, deviation: INITIAL_DEVIATION, games: 0, lastAt: null }
}

function g(deviation: number): number {
  return 1 / Math.sqrt(1 + (3 * Q * Q * deviation * deviation) / (Math.PI * Math.PI))
}

/** The share of the field a player of this rating is expected to beat. */
export function expectedScore(rating: number): number {
  return 1 / (1 + 10 ** ((-g(FIELD_DEVIATION) * (rating - FIELD_RATING)) / 400))
}

/** The rating after one game (a pure function: the same games in the same order, the same rating). */
export function rateGame(before: Rating, game: RatedGame): Rating {
  const idleDays = before.lastAt === null ? 0 : Math.max(0, (game.at - before.lastAt) / 86_400_000)
  const deviation0 = Math.min(
    INITIAL_DEVIATION,
    Math.sqrt(before.deviation ** 2 + DEVIATION_GROWTH_PER_DAY ** 2 * idleDays),
  )
  const outcome = Math.min(1, Math.max(0, game.percentile))
  const weight = DIFFICULTY_WEIGHT[game.difficulty]
  const gj = g(FIELD_DEVIATION)
  const expected = expectedScore(before.rating)
  const dSquared = 1 / (Q * Q * gj * gj * expected * (1 - expected))
  const precision = 1 / deviation0 ** 2 + weight / dSquared
  const rating = before.rating + ((weight * Q) / precision) * gj * (outcome - expected)
  const deviation = Math.max(MIN_DEVIATION, Math.sqrt(1 / precision))
  return { rating, deviation, games: before.games + 1, lastAt: game.at }
}

/** The deviation as of `now` (it grows while a player is away). */
export function deviationAt(state: Rating, now: number): number {
  if (state.lastAt === null) return state.deviation
  const idleDays = Math.max(0, (now - state.lastAt) / 86_400_000)
  return Math.min(
    INITIAL_DEVIATION,
    Math.sqrt(state.deviation ** 2 + DEVIATION_GROWTH_PER_DAY ** 2 * idleDays),
  )
}

export function isProvisional(state: Rating): boolean {
  return state.deviation > PROVISIONAL_DEVIATION
}

/**
 * Fewer other learners' scored results than this and "faster than X%" says little (one other learner
 * makes it 0% or 100%): the phrase is left out. The rating game is still played.
 */
export const MIN_FIELD_FOR_PERCENTILE = 5

/** Whether a field of `others` results is large enough to quote a percentile. */
export function percentileMeans(others: number): boolean {
  return others >= MIN_FIELD_FOR_PERCENTILE
}

/**
 * The share of `others` a score beats; ties count half (as in a chess draw). Alone on a board: 0.5.
 */
export function percentileOf(score: number, others: number[]): number {
  if (others.length === 0) return 0.5
  let beaten = 0
  for (const other of others) beaten += other < score ? 1 : other === score ? 0.5 : 0
  return beaten / others.length
}
