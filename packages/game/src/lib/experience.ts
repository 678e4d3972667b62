import {
  type ChallengeInfo,
  earnsRewards,
  type GameEvent,
  isAcceptedFull,
  type SubmissionFact,
  type Tier,
} from './types.ts'

/** XP of a first acceptance when the pack does not say. */
export const DIFFICULTY_XP: Record<ChallengeInfo['difficulty'], number> = { easy: 20, medium: 40, hard: 80 }

/** Bonus for reaching a tier on a challenge for the first time, as a share of its base XP. */
export const TIER_BONUS: Record<Tier, number> = { bronze: 0.25, silver: 0.5, gold: 1 }

export const TIERS: Tier[] = ['bronze', 'silver', 'gold']

export function baseXp(challenge: ChallengeInfo): number {
  return challenge.xp ?? DIFFICULTY_XP[challenge.difficulty]
}

/**
 * XP events over a learner's facts, in time order: a challenge's first Accepted full submission gives
 * its base XP (also an unscored one: correctness was graded); each tier reached for the first time gives its bonus (a first gold also gives the bronze
 * and silver bonuses, so the total depends only on the best tier). Resubmitting gives nothing: every
 * event has a key, and a key is granted once.
 */
export function experienceEvents(facts: SubmissionFact[], catalog: Map<string, ChallengeInfo>): GameEvent[] {
  const events: GameEvent[] = []
  const granted = new Set<string>()
  for (const fact of [...facts].sort(byTime)) {
    if (!isAcceptedFull(fact)) continue
    const challenge = catalog.get(fact.challengeKey)
    if (!challenge) continue
    const base = baseXp(challenge)
    const grant = (key: string, amount: number, code: string, text: string, tier?: Tier) => {
      if (granted.has(key)) return
      granted.add(key)
      events.push({
        key,
        kind: 'xp',
        at: fact.at,
        amount,
        code,
        params: {
          amount,
          challenge: challenge.title,
          challengeKey: challenge.key,
          ...(tier ? { tier } : {}),
        },
        reason: `+${amount} XP: ${text} on ${challenge.title}`,
        submissionId: fact.submissionId,
      })
    }
    grant(`xp:accept:${challenge.key}`, base, 'xp.accepted', 'first acceptance')
    // An unscored result (software GPU) is an acceptance, correctness was graded, but its times earn
    // nothing: it has no tier, and a tier on one would be read from times that say nothing.
    const reached = fact.tier && earnsRewards(fact) ? TIERS.indexOf(fact.tier) : -1
    for (let i = 0; i <= reached; i++) {
      const tier = TIERS[i] as Tier
      grant(
        `xp:tier:${tier}:${challenge.key}`,
        Math.round(base * TIER_BONUS[tier]),
        'xp.tier',
        `first ${tier}`,
        tier,
      )
    }
  }
  return events
}

export function totalXp(events: GameEvent[]): number {
  return events.reduce((sum, event) => sum + (event.kind === 'xp' ? event.amount : 0), 0)
}

export function byTime(a: { at: number }, b: { at: number }): number {
  return a.at - b.at
}
