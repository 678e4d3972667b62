import { and, asc, desc, eq, gt, isNotNull, like, ne, or, sql } from 'drizzle-orm'
import type { ArenaDb } from '../openDatabase.ts'
import {
  challenges,
  gameProfiles,
  metrics,
  packs,
  type SubmissionMode,
  submissions,
  testResults,
  users,
} from '../schema.ts'
import { IMMEDIATE } from '../writeTransaction.ts'

export type SubmissionRow = typeof submissions.$inferSelect
export type TestResultRow = typeof testResults.$inferSelect
export type MetricsRow = typeof metrics.$inferSelect
export type NewTestResult = Omit<typeof testResults.$inferInsert, 'id' | 'submissionId' | 'position'>
export type NewMetrics = Omit<typeof metrics.$inferInsert, 'submissionId'>

export interface NewSubmission {
  userId: number
  challengeId: number
  challengeKey: string
  packHash: string
  source: string
  mode: SubmissionMode
  runnerClass: string
  createdAt?: Date
  /** Set by a re-grade: the re-grade and the submission whose source is graded again. */
  regradeId?: number | null
  regradeOf?: number | null
}

/** What grading produced, in the shape the tables store it. */
export interface StoredOutcome {
  verdict: string
  message: string | null
  location: { line: number; column: number } | null
  tier: string | null
  score: number | null
  /** The class that actually graded it. */
  runnerClass: string
  attempt: number
  startedAt: Date | null
  finishedAt: Date
  result: Record<string, unknown> | null
  tests: NewTestResult[]
  metrics: NewMetrics | null
}

export interface SubmissionWithVersion {
  submission: SubmissionRow
  packVersion: number
}

export function insertSubmission(db: ArenaDb, submission: NewSubmission): SubmissionRow {
  return db
    .insert(submissions)
    .values({ ...submission, status: 'queued', createdAt: submission.createdAt ?? new Date() })
    .returning()
    .get()
}

export function findSubmission(db: ArenaDb, id: number): SubmissionRow | undefined {
  return db.select().from(submissions).where(eq(submissions.id, id)).get()
}

/** A submission of this user only: another user's id reads as missing. */
export function findUserSubmission(
  db: ArenaDb,
  id: number,
  userId: number,
): SubmissionWithVersion | undefined {
  return db
    .select({ submission: submissions, packVersion: packs.version })
    .from(submissions)
    .innerJoin(challenges, eq(challenges.id, submissions.challengeId))
    .innerJoin(packs, eq(packs.id, challenges.packVersionId))
    .where(and(eq(submissions.id, id), eq(submissions.userId, userId)))
    .get()
}

/** Whether the user has a full (graded) submission of `<pack>/<slug>` that was Accepted, any version. */
export function hasSolved(db: ArenaDb, userId: number, challengeKey: string): boolean {
  const row = db
    .select({ id: submissions.id })
    .from(submissions)
    .where(
      and(
        eq(submissions.userId, userId),
        eq(submissions.challengeKey, challengeKey),
        eq(submissions.mode, 'full'),
        eq(submissions.verdict, 'Accepted'),
      ),
    )
    .limit(1)
    .get()
  return row !== undefined
}

/** The user's submissions, newest first (without sources and results: a list, not details). */
export function listUserSubmissions(
  db: ArenaDb,
  userId: number,
  options: { challengeKey?: string; limit?: number } = {},
) {
  return db
    .select({
      id: submissions.id,
      challengeKey: submissions.challengeKey,
      mode: submissions.mode,
      status: submissions.status,
      verdict: submissions.verdict,
      tier: submissions.tier,
      score: submissions.score,
      runnerClass: submissions.runnerClass,
      packVersion: packs.version,
      createdAt: submissions.createdAt,
      finishedAt: submissions.finishedAt,
      regradeOf: submissions.regradeOf,
    })
    .from(submissions)
    .innerJoin(challenges, eq(challenges.id, submissions.challengeId))
    .innerJoin(packs, eq(packs.id, challenges.packVersionId))
    .where(
      and(
        eq(submissions.userId, userId),
        options.challengeKey === undefined ? undefined : eq(submissions.challengeKey, options.challengeKey),
      ),
    )
    .orderBy(desc(submissions.createdAt), desc(submissions.id))
    .limit(options.limit ?? 200)
    .all()
}

/** Submissions without a stored result, oldest first: what the queue must still hold. */
export function listUnfinishedSubmissions(db: ArenaDb): SubmissionRow[] {
  return db
    .select()
    .from(submissions)
    .where(ne(submissions.status, 'done'))
    .orderBy(asc(submissions.id))
    .all()
}

export function markSubmissionRunning(db: ArenaDb, id: number, attempt: number, startedAt: Date): void {
  db.update(submissions)
    .set({ status: 'running', attempt, startedAt })
    .where(and(eq(submissions.id, id), ne(submissions.status, 'done')))
    .run()
}

/**
 * Stores a result once: the first call for a submission wins and later ones (a job delivered twice)
 * change nothing. Returns whether this call stored it.
 */
export function recordSubmissionResult(db: ArenaDb, id: number, outcome: StoredOutcome): boolean {
  return db.transaction((tx) => {
    const updated = tx
      .update(submissions)
      .set({
        status: 'done',
        verdict: outcome.verdict,
        message: outcome.message,
        location: outcome.location,
        tier: outcome.tier,
        score: outcome.score,
        runnerClass: outcome.runnerClass,
        attempt: outcome.attempt,
        result: outcome.result,
        startedAt: outcome.startedAt,
        finishedAt: outcome.finishedAt,
      })
      .where(and(eq(submissions.id, id), ne(submissions.status, 'done')))
      .run()
    if (updated.changes === 0) return false
    outcome.tests.forEach((test, position) => {
      tx.insert(testResults)
        .values({ ...test, submissionId: id, position })
        .run()
    })
    if (outcome.metrics)
      tx.insert(metrics)
        .values({ ...outcome.metrics, submissionId: id })
        .run()
    return true
  }, IMMEDIATE)
}

/**
 * How long the latest gradings of a mode on a runner class took (finish minus the runner's claim, in
 * ms), newest first, at most `limit`, among the last `window` submissions (a bounded read of the
 * newest rows, so a class with little history costs no scan of the whole table): what a queued job's
 * wait is estimated from. A job class that is a family (`gpu`) also matches the classes that graded
 * its jobs (`gpu:nvidia`).
 */
export function recentGradingDurations(
  db: ArenaDb,
  query: { mode: SubmissionMode; runnerClass: string; limit?: number; window?: number },
): number[] {
  return db
    .select({ startedAt: submissions.startedAt, finishedAt: submissions.finishedAt })
    .from(submissions)
    .where(
      and(
        gt(submissions.id, sql`(SELECT max(id) FROM submissions) - ${query.window ?? 2000}`),
        eq(submissions.status, 'done'),
        eq(submissions.mode, query.mode),
        or(
          eq(submissions.runnerClass, query.runnerClass),
          like(submissions.runnerClass, `${query.runnerClass}:%`),
        ),
        isNotNull(submissions.startedAt),
        isNotNull(submissions.finishedAt),
      ),
    )
    .orderBy(desc(submissions.id))
    .limit(query.limit ?? 20)
    .all()
    .map((row) => (row.finishedAt?.getTime() ?? 0) - (row.startedAt?.getTime() ?? 0))
    .filter((ms) => ms >= 0)
}

export function listTestResults(db: ArenaDb, submissionId: number): TestResultRow[] {
  return db
    .select()
    .from(testResults)
    .where(eq(testResults.submissionId, submissionId))
    .orderBy(asc(testResults.position))
    .all()
}

export function findMetrics(db: ArenaDb, submissionId: number): MetricsRow | undefined {
  return db.select().from(metrics).where(eq(metrics.submissionId, submissionId)).get()
}

/** Any user's submission with its pack version: callers decide who may read it. */
export function findSubmissionWithVersion(db: ArenaDb, id: number): SubmissionWithVersion | undefined {
  return db
    .select({ submission: submissions, packVersion: packs.version })
    .from(submissions)
    .innerJoin(challenges, eq(challenges.id, submissions.challengeId))
    .innerJoin(packs, eq(packs.id, challenges.packVersionId))
    .where(eq(submissions.id, id))
    .get()
}

/** Shares or unshares the user's own Accepted full submission; false when it is not such a one. */
export function setSubmissionShared(db: ArenaDb, id: number, userId: number, shared: boolean): boolean {
  const changed = db
    .update(submissions)
    .set({ shared })
    .where(
      and(
        eq(submissions.id, id),
        eq(submissions.userId, userId),
        eq(submissions.mode, 'full'),
        eq(submissions.verdict, 'Accepted'),
      ),
    )
    .run()
  return changed.changes > 0
}

export interface SharedSolutionRow {
  submissionId: number
  userId: number
  username: string
  hidden: boolean
  score: number | null
  tier: string | null
  runnerClass: string
  finishedAt: Date | null
}

/**
 * The shared Accepted full submissions of a challenge, each learner's best one per runner class, at
 * most `limit` per runner class (a busy class does not crowd out another), best score first within a
 * class (unscored results last). Scores rank only within a runner class: a gpu kernel's ratio and a
 * cpu solution's are against different references.
 */
export function listSharedSolutions(db: ArenaDb, challengeKey: string, limit = 20): SharedSolutionRow[] {
  const rows = db
    .select({
      submissionId: submissions.id,
      userId: submissions.userId,
      username: users.username,
      hidden: sql<number>`coalesce(${gameProfiles.hidden}, 0)`,
      score: submissions.score,
      tier: submissions.tier,
      runnerClass: submissions.runnerClass,
      finishedAt: submissions.finishedAt,
    })
    .from(submissions)
    .innerJoin(users, eq(users.id, submissions.userId))
    .leftJoin(gameProfiles, eq(gameProfiles.userId, submissions.userId))
    .where(
      and(
        eq(submissions.challengeKey, challengeKey),
        eq(submissions.shared, true),
        eq(submissions.mode, 'full'),
        eq(submissions.verdict, 'Accepted'),
      ),
    )
    .orderBy(sql`${submissions.score} IS NULL`, desc(submissions.score), submissions.id)
    .all()
  const seen = new Set<string>()
  const perClass = new Map<string, number>()
  const best: SharedSolutionRow[] = []
  for (const row of rows) {
    const key = `${row.userId} ${row.runnerClass}`
    const listed = perClass.get(row.runnerClass) ?? 0
    if (seen.has(key) || listed >= limit) continue
    seen.add(key)
    perClass.set(row.runnerClass, listed + 1)
    best.push({ ...row, hidden: Boolean(row.hidden) })
  }
  return best
}
