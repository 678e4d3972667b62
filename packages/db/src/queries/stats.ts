import { and, eq, isNotNull } from 'drizzle-orm'
import type { ArenaDb } from '../openDatabase.ts'
import { metrics, submissions } from '../schema.ts'

export interface BestScore {
  userId: number
  submissionId: number
  score: number
  /** The interval of the score, when the trial reported one. */
  low: number | null
  high: number | null
}

/**
 * Every user's best Accepted full submission on one challenge row (so one pack version) and runner
 * class: scores are ratios to the reference measured on that class, and only comparable within it.
 */
export function bestAcceptedScores(db: ArenaDb, challengeId: number, runnerClass: string): BestScore[] {
  const rows = db
    .select({
      userId: submissions.userId,
      submissionId: submissions.id,
      score: submissions.score,
      low: metrics.perfLow,
      high: metrics.perfHigh,
    })
    .from(submissions)
    .leftJoin(metrics, eq(metrics.submissionId, submissions.id))
    .where(
      and(
        eq(submissions.challengeId, challengeId),
        eq(submissions.mode, 'full'),
        eq(submissions.verdict, 'Accepted'),
        eq(submissions.runnerClass, runnerClass),
        isNotNull(submissions.score),
      ),
    )
    .all()
  const best = new Map<number, BestScore>()
  for (const row of rows) {
    const score = row.score as number
    const current = best.get(row.userId)
    if (!current || score > current.score) best.set(row.userId, { ...row, score })
  }
  return [...best.values()].sort((a, b) => a.score - b.score)
}
