import { and, desc, eq, inArray, like, sql } from 'drizzle-orm'
import type { ArenaDb } from '../openDatabase.ts'
import { gameEvents, gameProfiles, gameRatings } from '../schema.ts'
import { IMMEDIATE } from '../writeTransaction.ts'
import { prepared } from './statements.ts'

export type GameProfileRow = typeof gameProfiles.$inferSelect
export type GameEventRow = typeof gameEvents.$inferSelect
export type GameRatingRow = typeof gameRatings.$inferSelect

export interface NewGameEvent {
  key: string
  kind: 'xp' | 'badge' | 'rating'
  at: Date
  amount: number
  code: string
  params: Record<string, string | number>
  reason: string
  submissionId?: number | null
  runnerClass?: string | null
}

/** A graded submission as the game reads it (engine counters from the stored result). */
export interface GameFactRow {
  submissionId: number
  challengeKey: string
  mode: 'samples' | 'full'
  verdict: string
  tier: string | null
  score: number | null
  runnerClass: string
  finishedAt: number
  counters: Record<string, number> | null
}

/** Every graded submission of the user, oldest first. */
export function gameFactsOf(db: ArenaDb, userId: number): GameFactRow[] {
  const rows = prepared(
    db,
    `SELECT id AS submissionId, challenge_key AS challengeKey, mode, verdict, tier, score,
            runner_class AS runnerClass, finished_at AS finishedAt,
            json_extract(result, '$.metrics.counters') AS counters,
            json_extract(result, '$.metrics.wallNs') AS wallNs
       FROM submissions
      WHERE user_id = ? AND status = 'done' AND verdict IS NOT NULL AND finished_at IS NOT NULL
      ORDER BY finished_at, id`,
  ).all(userId) as (Omit<GameFactRow, 'counters'> & { counters: string | null; wallNs: number | null })[]
  return rows.map(({ wallNs, ...row }) => {
    const counters = parseCounters(row.counters)
    // Engine counters are per run; badges such as parallel efficiency also need the run's wall time.
    return { ...row, counters: counters && typeof wallNs === 'number' ? { ...counters, wallNs } : counters }
  })
}

function parseCounters(text: string | null): Record<string, number> | null {
  if (!text) return null
  try {
    const value = JSON.parse(text) as Record<string, unknown>
    const counters: Record<string, number> = {}
    for (const [name, count] of Object.entries(value)) if (typeof count === 'number') counters[name] = count
    return counters
  } catch {
    return null
  }
}

export function findGameProfile(db: ArenaDb, userId: number): GameProfileRow | undefined {
  return db.select().from(gameProfiles).where(eq(gameProfiles.userId, userId)).get()
}

export function ensureGameProfile(db: ArenaDb, userId: number): GameProfileRow {
  db.insert(gameProfiles).values({ userId, updatedAt: new Date() }).onConflictDoNothing().run()
  return findGameProfile(db, userId) as GameProfileRow
}

export function updateGameSettings(
  db: ArenaDb,
  userId: number,
  settings: { timeZone?: string; hidden?: boolean },
): GameProfileRow {
  ensureGameProfile(db, userId)
  // Only the settings given: drizzle refuses an UPDATE with nothing to set (`{}` asks for no change).
  const changes = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined))
  // `updatedAt` is when the XP last changed (it breaks ties on the XP board): settings leave it.
  if (Object.keys(changes).length > 0) {
    db.update(gameProfiles).set(changes).where(eq(gameProfiles.userId, userId)).run()
  }
  return findGameProfile(db, userId) as GameProfileRow
}

/**
 * Stores the events whose key the user has not been granted yet and returns those (the others were
 * granted before: this is what makes recomputing after every result harmless). Keeps the cached xp.
 */
export function grantGameEvents(db: ArenaDb, userId: number, events: NewGameEvent[]): GameEventRow[] {
  return db.transaction((tx) => {
    ensureGameProfile(tx as unknown as ArenaDb, userId)
    const granted: GameEventRow[] = []
    for (const event of events) {
      const row = tx
        .insert(gameEvents)
        .values({ ...event, userId })
        .onConflictDoNothing()
        .returning()
        .get()
      if (row) granted.push(row)
    }
    const xp = granted.filter((event) => event.kind === 'xp').reduce((sum, event) => sum + event.amount, 0)
    if (xp)
      tx.update(gameProfiles)
        .set({ xp: sql`${gameProfiles.xp} + ${xp}`, updatedAt: new Date() })
        .where(eq(gameProfiles.userId, userId))
        .run()
    return granted
  }, IMMEDIATE)
}

export function hasGameEvent(db: ArenaDb, userId: number, key: string): boolean {
  return !!db
    .select({ id: gameEvents.id })
    .from(gameEvents)
    .where(and(eq(gameEvents.userId, userId), eq(gameEvents.key, key)))
    .get()
}

/** The user's events, newest first. */
export function listGameEvents(db: ArenaDb, userId: number, limit = 50): GameEventRow[] {
  return db
    .select()
    .from(gameEvents)
    .where(eq(gameEvents.userId, userId))
    .orderBy(desc(gameEvents.at), desc(gameEvents.id))
    .limit(limit)
    .all()
}

export function listGameRatings(db: ArenaDb, userId: number): GameRatingRow[] {
  return db.select().from(gameRatings).where(eq(gameRatings.userId, userId)).all()
}

export function saveGameRating(db: ArenaDb, row: GameRatingRow): void {
  db.insert(gameRatings)
    .values(row)
    .onConflictDoUpdate({
      target: [gameRatings.userId, gameRatings.runnerClass],
      set: { rating: row.rating, deviation: row.deviation, games: row.games, lastAt: row.lastAt },
    })
    .run()
}

/** Every learner's best Accepted full score on a challenge row and class, except one user's. */
export function otherBestScores(
  db: ArenaDb,
  challengeId: number,
  runnerClass: string,
  userId: number,
): number[] {
  const rows = prepared(
    db,
    `SELECT MAX(score) AS score FROM submissions
      WHERE challenge_id = ? AND runner_class = ? AND mode = 'full' AND verdict = 'Accepted'
        AND score IS NOT NULL AND user_id <> ?
      GROUP BY user_id`,
  ).all(challengeId, runnerClass, userId) as { score: number }[]
  return rows.map((row) => row.score)
}

/** Prefix of the key of the XP event that records opening a challenge's hint (`<prefix><index>`). */
export function hintEventPrefix(challengeKey: string): string {
  return `xp:hint:${challengeKey}:`
}

/** The challenge and the hint's index of a hint event's key, or undefined for any other key. */
export function parseHintEventKey(key: string): { challengeKey: string; index: number } | undefined {
  const match = /^xp:hint:(.+):(\d+)$/.exec(key)
  return match ? { challengeKey: match[1] as string, index: Number(match[2]) } : undefined
}

/**
 * Which hints of their challenges these users opened, from the events that charged them: per user
 * and challenge key, the number opened (hints open in order, so the count says which).
 */
export function openedHintCounts(
  db: ArenaDb,
  userIds: number[],
  challengeKeys: string[],
): Map<string, number> {
  const counts = new Map<string, number>()
  if (userIds.length === 0 || challengeKeys.length === 0) return counts
  const rows = db
    .select({ userId: gameEvents.userId, key: gameEvents.key })
    .from(gameEvents)
    .where(and(inArray(gameEvents.userId, userIds), like(gameEvents.key, 'xp:hint:%')))
    .all()
  const wanted = new Set(challengeKeys)
  for (const row of rows) {
    const hint = parseHintEventKey(row.key)
    if (!hint || !wanted.has(hint.challengeKey)) continue
    const id = `${row.userId} ${hint.challengeKey}`
    counts.set(id, (counts.get(id) ?? 0) + 1)
  }
  return counts
}

/** The user's events whose key starts with `prefix`, oldest first. */
export function listGameEventsWithPrefix(db: ArenaDb, userId: number, prefix: string): GameEventRow[] {
  return db
    .select()
    .from(gameEvents)
    .where(
      and(eq(gameEvents.userId, userId), sql`substr(${gameEvents.key}, 1, ${prefix.length}) = ${prefix}`),
    )
    .orderBy(gameEvents.at, gameEvents.id)
    .all()
}
