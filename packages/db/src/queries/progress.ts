import { eq } from 'drizzle-orm'
import type { ArenaDb } from '../openDatabase.ts'
import { submissions } from '../schema.ts'

export interface ChallengeProgress {
  state: 'attempted' | 'accepted'
  bestTier: string | null
  bestScore: number | null
}

const TIER_RANK: Record<string, number> = { gold: 3, silver: 2, bronze: 1 }

/**
 * A user's progress per challenge key, over every pack version: accepted once a full submission is
 * Accepted (a Run of the samples is an attempt), with the best tier and perf score reached.
 */
export function challengeProgressOf(db: ArenaDb, userId: number): Map<string, ChallengeProgress> {
  const rows = db
    .select({
      key: submissions.challengeKey,
      mode: submissions.mode,
      verdict: submissions.verdict,
      tier: submissions.tier,
      score: submissions.score,
    })
    .from(submissions)
    .where(eq(submissions.userId, userId))
    .all()
  const progress = new Map<string, ChallengeProgress>()
  for (const row of rows) {
    const entry = progress.get(row.key) ?? { state: 'attempted', bestTier: null, bestScore: null }
    if (row.mode === 'full' && row.verdict === 'Accepted') {
      entry.state = 'accepted'
      if (row.tier && (TIER_RANK[row.tier] ?? 0) > (TIER_RANK[entry.bestTier ?? ''] ?? 0))
        entry.bestTier = row.tier
      if (row.score !== null && (entry.bestScore === null || row.score > entry.bestScore))
        entry.bestScore = row.score
    }
    progress.set(row.key, entry)
  }
  return progress
}
