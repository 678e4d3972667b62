import { type ChallengeInfo, isAcceptedFull, type SubmissionFact, type Tier } from './types.ts'

/** Credit of a challenge toward its chapter's mastery, by the best result reached on it. */
export const MASTERY_CREDIT = { accepted: 0.5, bronze: 0.6, silver: 0.8, gold: 1 } as const

export interface TopicMastery {
  topic: string
  /** 0..1: the mean credit over the chapter's challenges. */
  mastery: number
  accepted: number
  total: number
}

/** Best tier per challenge key (`null`: accepted without a tier); a key absent: never accepted. */
export function bestTiers(facts: SubmissionFact[]): Map<string, Tier | null> {
  const rank = (tier: Tier | null | undefined) => (tier ? ['bronze', 'silver', 'gold'].indexOf(tier) : -1)
  const best = new Map<string, Tier | null>()
  for (const fact of facts) {
    if (!isAcceptedFull(fact)) continue
    if (!best.has(fact.challengeKey) || rank(fact.tier) > rank(best.get(fact.challengeKey))) {
      best.set(fact.challengeKey, fact.tier)
    }
  }
  return best
}

/** Mastery of every chapter in `topics` order (chapters without challenges show 0 of 0). */
export function masteryOf(
  facts: SubmissionFact[],
  catalog: ChallengeInfo[],
  topics: string[],
): TopicMastery[] {
  const best = bestTiers(facts)
  return topics.map((topic) => {
    const inTopic = catalog.filter((challenge) => challenge.topic === topic)
    let credit = 0
    let accepted = 0
    for (const challenge of inTopic) {
      if (!best.has(challenge.key)) continue
      accepted++
      credit += MASTERY_CREDIT[best.get(challenge.key) ?? 'accepted']
    }
    return { topic, mastery: inTopic.length ? credit / inTopic.length : 0, accepted, total: inTopic.length }
  })
}
