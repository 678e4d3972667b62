import { type ArenaDb, gameFactsOf } from '@arena/db'
import type { SubmissionFact, Tier } from '@arena/game'

export function factsOf(db: ArenaDb, userId: number): SubmissionFact[] {
  return gameFactsOf(db, userId).map((row) => ({
    submissionId: row.submissionId,
    challengeKey: row.challengeKey,
    mode: row.mode,
    verdict: row.verdict,
    tier: (row.tier as Tier | null) ?? null,
    score: row.score,
    runnerClass: row.runnerClass,
    at: row.finishedAt,
    ...(row.counters ? { counters: row.counters } : {}),
  }))
}
