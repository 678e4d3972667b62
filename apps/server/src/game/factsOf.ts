import { type ArenaDb, gameFactsOf } from '@arena/db'
import { measuresOf, type ResultMeasures, type SubmissionFact, standingOf, type Tier } from '@arena/game'
import { readGradeResult } from '@arena/grader/result'

/** What a stored result tells the game beyond its row: its measures and whether it was scored. */
interface ResultFacts {
  measures: ResultMeasures
  unscored: boolean
  noisy: boolean
}

/**
 * The learner's graded submissions as the game reads them. Measures come from the stored result
 * through the grade result contract, the same fields the report shows; a stored result that no longer
 * reads as the contract gives no measures (its badges wait for a re-grade) rather than guessed ones.
 */
export function factsOf(db: ArenaDb, userId: number): SubmissionFact[] {
  const results = acceptedResultFacts(db, userId)
  return gameFactsOf(db, userId).map((row) => {
    const read = results.get(row.submissionId)
    return {
      submissionId: row.submissionId,
      challengeKey: row.challengeKey,
      mode: row.mode,
      verdict: row.verdict,
      tier: (row.tier as Tier | null) ?? null,
      score: row.score,
      runnerClass: row.runnerClass,
      at: row.finishedAt,
      ...(read ? { measures: read.measures, unscored: read.unscored, noisy: read.noisy } : {}),
    }
  })
}

/** Only Accepted full results earn rewards, so only theirs are read. */
function acceptedResultFacts(db: ArenaDb, userId: number): Map<number, ResultFacts> {
  const rows = db.$client
    .prepare(
      `SELECT id, result FROM submissions
        WHERE user_id = ? AND status = 'done' AND mode = 'full' AND verdict = 'Accepted' AND result IS NOT NULL`,
    )
    .all(userId) as { id: number; result: string }[]
  const facts = new Map<number, ResultFacts>()
  for (const row of rows) {
    const read = readGradeResult(parseJson(row.result))
    if (!read.ok) continue
    const standing = standingOf(read.result)
    facts.set(row.id, {
      measures: measuresOf(read.result),
      unscored: standing.unscored,
      noisy: standing.noisy,
    })
  }
  return facts
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
