// What the game rules read (facts about a learner's submissions, the course catalog) and what they
// produce (events with their reason). Times are epoch milliseconds.

import type { ResultMeasures } from './resultMeasures.ts'

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
  /** The result's figures as its report shows them (see resultMeasures.ts), for skill badges. */
  measures?: ResultMeasures
  /** No score and no tier (timed on a software GPU): correctness only, the acceptance's XP; no tier XP, badge or rating. */
  unscored?: boolean
  /** The grader marked the trial's measurement noisy: it keeps its XP, but rates nothing. */
  noisy?: boolean
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

export function isAcceptedFull(fact: Pick<SubmissionFact, 'mode' | 'verdict'>): boolean {
  return fact.mode === 'full' && fact.verdict === 'Accepted'
}

/**
 * Whether a result earns badges and tier XP: Accepted in full mode and scored. A software GPU's result
 * is correct but unscored ("leaderboards and badges skip this run"): it solves the challenge (mastery,
 * the acceptance's XP) without rewarding a time that says nothing.
 */
export function earnsRewards(fact: SubmissionFact): boolean {
  return isAcceptedFull(fact) && !fact.unscored
}
