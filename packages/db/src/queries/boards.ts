import type { ArenaDb } from '../openDatabase.ts'
import { prepared } from './statements.ts'

export interface BoardRow {
  /** Competition rank: equal values share a rank (1, 2, 2, 4). */
  rank: number
  /** 1-based position (ties broken by who got there first, then by id). */
  position: number
  userId: number
  username: string
  hidden: boolean
  value: number
  /** The submission behind a challenge board's row. */
  submissionId: number | null
  at: number | null
}

export interface BoardPage {
  rows: BoardRow[]
  /** The viewer's own row, also when it is not on this page. */
  you: BoardRow | null
  total: number
}

export interface BoardOptions {
  limit: number
  offset: number
  viewerId: number
  /** Only the current members of this group. */
  groupId?: number
}

const GROUP_FILTER = 'AND user_id IN (SELECT user_id FROM group_members WHERE group_id = @groupId)'

/**
 * Ranks the rows of `board` (user_id, value, tie, submission_id, at; higher value first, smaller tie
 * first) and returns one page plus the viewer's row, in one statement.
 */
function rank(db: ArenaDb, board: string, params: Record<string, unknown>, options: BoardOptions): BoardPage {
  const rows = prepared(
    db,
    `WITH board AS (${board}),
     ranked AS (
       SELECT user_id, value, submission_id, at,
              RANK() OVER (ORDER BY value DESC) AS rank,
              ROW_NUMBER() OVER (ORDER BY value DESC, tie ASC, user_id ASC) AS position,
              COUNT(*) OVER () AS total
         FROM board)
     SELECT r.rank, r.position, r.user_id AS userId, u.username, COALESCE(p.hidden, 0) AS hidden,
            r.value, r.submission_id AS submissionId, r.at, r.total
       FROM ranked r
       JOIN users u ON u.id = r.user_id
       LEFT JOIN game_profiles p ON p.user_id = r.user_id
      WHERE (r.position > @offset AND r.position <= @offset + @limit) OR r.user_id = @viewerId
      ORDER BY r.position`,
  ).all({
    ...params,
    offset: options.offset,
    limit: options.limit,
    viewerId: options.viewerId,
    groupId: options.groupId ?? null,
  }) as (BoardRow & { total: number; hidden: number | boolean })[]
  const total = rows[0]?.total ?? countOnly(db, board, params, options)
  const clean = rows.map(({ total: _total, ...row }) => ({ ...row, hidden: !!row.hidden }))
  return {
    rows: clean.filter(
      (row) => row.position > options.offset && row.position <= options.offset + options.limit,
    ),
    you: clean.find((row) => row.userId === options.viewerId) ?? null,
    total,
  }
}

function countOnly(
  db: ArenaDb,
  board: string,
  params: Record<string, unknown>,
  options: BoardOptions,
): number {
  const row = prepared(db, `WITH board AS (${board}) SELECT COUNT(*) AS n FROM board`).get({
    ...params,
    groupId: options.groupId ?? null,
  }) as { n: number }
  return row.n
}

/**
 * Best Accepted full score per learner on one challenge row (one pack version) and runner class,
 * optionally only before a deadline. Reads only the `submissions_board` index.
 */
export function challengeBoard(
  db: ArenaDb,
  query: { challengeId: number; runnerClass: string; before?: Date | null },
  options: BoardOptions,
): BoardPage {
  const board = `SELECT user_id, MAX(score) AS value, finished_at AS tie, id AS submission_id, finished_at AS at
                   FROM submissions
                  WHERE challenge_id = @challengeId AND runner_class = @runnerClass AND mode = 'full'
                    AND verdict = 'Accepted' AND score IS NOT NULL
                    ${query.before ? 'AND finished_at < @before' : ''}
                    ${options.groupId !== undefined ? GROUP_FILTER : ''}
                  GROUP BY user_id`
  return rank(
    db,
    board,
    {
      challengeId: query.challengeId,
      runnerClass: query.runnerClass,
      ...(query.before ? { before: query.before.getTime() } : {}),
    },
    options,
  )
}

/** XP per learner: all time (the cached total) or gained since an instant. */
export function xpBoard(db: ArenaDb, query: { since?: Date | null }, options: BoardOptions): BoardPage {
  const group = options.groupId !== undefined ? GROUP_FILTER : ''
  const board = query.since
    ? `SELECT user_id, SUM(amount) AS value, MAX(at) AS tie, NULL AS submission_id, MAX(at) AS at
         FROM game_events WHERE kind = 'xp' AND at >= @since ${group} GROUP BY user_id`
    : `SELECT user_id, xp AS value, updated_at AS tie, NULL AS submission_id, NULL AS at
         FROM game_profiles WHERE xp > 0 ${group}`
  return rank(db, board, query.since ? { since: query.since.getTime() } : {}, options)
}

/** Rating per learner on a runner class: the current rating, or the change since an instant. */
export function ratingBoard(
  db: ArenaDb,
  query: { runnerClass: string; since?: Date | null },
  options: BoardOptions,
): BoardPage {
  const group = options.groupId !== undefined ? GROUP_FILTER : ''
  const board = query.since
    ? `SELECT user_id, SUM(amount) AS value, MAX(at) AS tie, NULL AS submission_id, MAX(at) AS at
         FROM game_events WHERE kind = 'rating' AND at >= @since AND runner_class = @runnerClass ${group}
        GROUP BY user_id`
    : `SELECT user_id, ROUND(rating) AS value, deviation AS tie, NULL AS submission_id, last_at AS at
         FROM game_ratings WHERE runner_class = @runnerClass ${group}`
  return rank(
    db,
    board,
    { runnerClass: query.runnerClass, ...(query.since ? { since: query.since.getTime() } : {}) },
    options,
  )
}
