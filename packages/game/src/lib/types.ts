// What the game rules read (facts about a learner's submissions, the course catalog) and what they
// produce (events with their reason). Times are epoch milliseconds.

export type Difficulty = 'easy' | 'medium' | 'hard'
export type Tier = 'bronze' | 'silver' | 'gold'

/** A challenge as the rules need it; `key` is `<pack>/<slug>`, stable across pack versions. */
export interface ChallengeInfo {
  key: string
  title: string
  topic: string
  difficulty: Difficulty
  /** The pack's xp for a first acceptance; the difficulty's default when absent. */
  xp?: number
}

/** One graded submission of the learner. */
export interface SubmissionFact {
  submissionId: number
  challengeKey: string
  mode: 'samples' | 'full'
  verdict: string
  tier: Tier | null
  /** Perf score: reference time / submission time. */
  score: number | null
  runnerClass: string
  /** When the result was stored. */
  at: number
  /** Engine counters of the result (`metrics.counters`), e.g. bytesRead, bytesWritten, inputBytes. */
  counters?: Record<string, number>
}

export type GameEventKind = 'xp' | 'badge' | 'rating'

/** A change of XP, badge or rating, with the reason shown to the learner. */
export interface GameEvent {
  /** Stable identity: the same change is never granted twice (e.g. `xp:accept:core/external-sort`). */
  key: string
  kind: GameEventKind
  at: number
  /** XP gained, badge: 1, rating: the change (rounded). */
  amount: number
  /** A stable code and its parameters, for localized texts. */
  code: string
  params: Record<string, string | number>
  /** English text: "+40 XP: first gold on External sort". */
  reason: string
  submissionId?: number
}

export function isAcceptedFull(fact: SubmissionFact): boolean {
  return fact.mode === 'full' && fact.verdict === 'Accepted'
}
