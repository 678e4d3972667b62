import type { MeasureId } from './resultMeasures.ts'
import { localDay, streakOf } from './streak.ts'
import { type ChallengeInfo, earnsRewards, type GameEvent, type SubmissionFact, type Tier } from './types.ts'

export type BadgeCriterion =
  /** Distinct challenges Accepted (optionally at a tier or better, in a chapter). */
  | { kind: 'accepted'; count: number; tier?: Tier; topic?: string }
  /** Active days in a row. */
  | { kind: 'streak'; days: number }
  /** Every challenge of one chapter Accepted. */
  | { kind: 'chapter' }
  /** An Accepted result whose measure is within bounds (in a chapter or on one challenge). */
  | {
      kind: 'measure'
      measure: MeasureId
      atMost?: number
      atLeast?: number
      topic?: string
      challenge?: string
    }

export interface BadgeDefinition {
  id: string
  title: string
  title_ko: string
  description: string
  description_ko: string
  criterion: BadgeCriterion
}

/** The badges, as data: adding one is adding an entry. */
export const BADGES: BadgeDefinition[] = [
  {
    id: 'first-accepted',
    title: 'Hello, data',
    title_ko: '안녕, 데이터',
    description: 'Get a challenge Accepted.',
    description_ko: '챌린지 하나를 통과하세요.',
    criterion: { kind: 'accepted', count: 1 },
  },
  {
    id: 'first-gold',
    title: 'Gold standard',
    title_ko: '금메달',
    description: 'Reach gold on a challenge.',
    description_ko: '챌린지에서 골드 등급에 도달하세요.',
    criterion: { kind: 'accepted', count: 1, tier: 'gold' },
  },
  {
    id: 'five-accepted',
    title: 'Warming up',
    title_ko: '몸풀기',
    description: 'Get 5 challenges Accepted.',
    description_ko: '챌린지 5개를 통과하세요.',
    criterion: { kind: 'accepted', count: 5 },
  },
  {
    id: 'streak-3',
    title: 'Three days running',
    title_ko: '3일 연속',
    description: 'Submit on 3 days in a row.',
    description_ko: '3일 연속으로 제출하세요.',
    criterion: { kind: 'streak', days: 3 },
  },
  {
    id: 'chapter-complete',
    title: 'Chapter closed',
    title_ko: '한 장 완주',
    description: 'Get every challenge of a chapter Accepted.',
    description_ko: '한 장의 모든 챌린지를 통과하세요.',
    criterion: { kind: 'chapter' },
  },
  {
    id: 'out-of-core',
    title: 'Out of core',
    title_ko: '메모리 밖으로',
    description: 'Solve an out-of-core challenge in at most 2 passes over the data.',
    description_ko: '메모리보다 큰 데이터 챌린지를 데이터 2회 통과 이내로 해결하세요.',
    criterion: { kind: 'measure', measure: 'passes', atMost: 2, topic: 'out-of-core' },
  },
  {
    id: 'every-core-busy',
    title: 'Every core busy',
    title_ko: '모든 코어 가동',
    description: 'Solve a parallel challenge with a parallel efficiency of at least 0.8.',
    description_ko: '병렬 효율 0.8 이상으로 병렬 챌린지를 해결하세요.',
    criterion: { kind: 'measure', measure: 'parallelEfficiency', atLeast: 0.8, topic: 'parallel' },
  },
  {
    id: 'shuffle-less',
    title: 'Shuffle less',
    title_ko: '셔플은 적게',
    description: 'Solve a MapReduce challenge shuffling no more bytes than the reference.',
    description_ko: '참조 풀이보다 적은 셔플 바이트로 맵리듀스 챌린지를 해결하세요.',
    criterion: { kind: 'measure', measure: 'shuffleRatio', atMost: 1, topic: 'mapreduce' },
  },
  {
    id: 'narrow-before-wide',
    title: 'Narrow before wide',
    title_ko: '좁게, 그다음 넓게',
    description: 'Solve a Spark and Dask challenge shuffling no more bytes than the reference.',
    description_ko: '참조 풀이보다 적은 셔플 바이트로 Spark와 Dask 챌린지를 해결하세요.',
    criterion: { kind: 'measure', measure: 'shuffleRatio', atMost: 1, topic: 'spark-dask' },
  },
  {
    id: 'batch-master',
    title: 'Batch master',
    title_ko: '배치의 달인',
    description: 'Solve a batch-training challenge with no more tensor dispatches than the reference.',
    description_ko: '참조 풀이보다 적은 텐서 연산 호출로 배치 학습 챌린지를 해결하세요.',
    criterion: { kind: 'measure', measure: 'dispatchRatio', atMost: 1, topic: 'batch-training' },
  },
]

export interface BadgeStatus {
  id: string
  earned: boolean
  earnedAt: number | null
  /** The submission that earned it. */
  earnedBy: number | null
  /** 0..1 toward the badge. */
  progress: number
  /** Where the learner stands and what is needed, in the criterion's unit (e.g. 2 of 3 days). */
  current: number
  target: number
}

const TIER_RANK: Record<Tier, number> = { bronze: 0, silver: 1, gold: 2 }

/** Every badge's status over the facts, as of `now`. */
export function badgeStatuses(
  facts: SubmissionFact[],
  catalog: ChallengeInfo[],
  options: { timeZone: string; now: number; badges?: BadgeDefinition[] },
): BadgeStatus[] {
  const byKey = new Map(catalog.map((challenge) => [challenge.key, challenge]))
  const sorted = facts.filter((fact) => fact.at <= options.now).sort((a, b) => a.at - b.at)
  return (options.badges ?? BADGES).map((badge) => statusOf(badge, sorted, byKey, catalog, options.timeZone))
}

function statusOf(
  badge: BadgeDefinition,
  facts: SubmissionFact[],
  byKey: Map<string, ChallengeInfo>,
  catalog: ChallengeInfo[],
  timeZone: string,
): BadgeStatus {
  const criterion = badge.criterion
  const make = (current: number, target: number, by: SubmissionFact | null): BadgeStatus => ({
    id: badge.id,
    earned: by !== null,
    earnedAt: by?.at ?? null,
    earnedBy: by?.submissionId ?? null,
    progress: by !== null ? 1 : Math.min(1, target ? current / target : 0),
    current: Math.min(current, target),
    target,
  })
  switch (criterion.kind) {
    case 'accepted': {
      const seen = new Set<string>()
      let earnedBy: SubmissionFact | null = null
      for (const fact of facts) {
        if (!earnsRewards(fact)) continue
        const challenge = byKey.get(fact.challengeKey)
        if (!challenge || (criterion.topic && challenge.topic !== criterion.topic)) continue
        if (criterion.tier && (!fact.tier || TIER_RANK[fact.tier] < TIER_RANK[criterion.tier])) continue
        seen.add(fact.challengeKey)
        if (earnedBy === null && seen.size >= criterion.count) earnedBy = fact
      }
      return make(seen.size, criterion.count, earnedBy)
    }
    case 'streak': {
      // The first instant at which the streak reached the target (each day checked once).
      const days = new Map<string, SubmissionFact>()
      for (const fact of facts) {
        const day = localDay(fact.at, timeZone)
        if (!days.has(day)) days.set(day, fact)
      }
      const firsts = [...days.values()]
      let longest = 0
      for (let i = 0; i < firsts.length; i++) {
        const first = firsts[i] as SubmissionFact
        const activity = firsts.slice(0, i + 1).map((each) => each.at)
        longest = streakOf(activity, timeZone, first.at).longest
        if (longest >= criterion.days) return make(criterion.days, criterion.days, first)
      }
      return make(longest, criterion.days, null)
    }
    case 'chapter': {
      const topics = [...new Set(catalog.map((challenge) => challenge.topic))]
      const accepted = new Set<string>()
      let best = 0
      let bestTotal = 1
      for (const fact of facts) {
        if (!earnsRewards(fact) || !byKey.has(fact.challengeKey)) continue
        accepted.add(fact.challengeKey)
        const topic = byKey.get(fact.challengeKey)?.topic
        const inTopic = catalog.filter((challenge) => challenge.topic === topic)
        if (inTopic.every((challenge) => accepted.has(challenge.key)))
          return make(inTopic.length, inTopic.length, fact)
      }
      for (const topic of topics) {
        const inTopic = catalog.filter((challenge) => challenge.topic === topic)
        const done = inTopic.filter((challenge) => accepted.has(challenge.key)).length
        if (done / inTopic.length > best / bestTotal) {
          best = done
          bestTotal = inTopic.length
        }
      }
      return make(best, bestTotal, null)
    }
    case 'measure': {
      for (const fact of facts) {
        if (!earnsRewards(fact) || !fact.measures) continue
        const challenge = byKey.get(fact.challengeKey)
        if (!challenge || (criterion.topic && challenge.topic !== criterion.topic)) continue
        if (criterion.challenge && challenge.key !== criterion.challenge) continue
        const value = fact.measures[criterion.measure]
        if (value === undefined) continue
        if (criterion.atMost !== undefined && value > criterion.atMost) continue
        if (criterion.atLeast !== undefined && value < criterion.atLeast) continue
        return make(1, 1, fact)
      }
      return make(0, 1, null)
    }
  }
}

/** Badge events (one per earned badge, at the moment it was earned). */
export function badgeEvents(statuses: BadgeStatus[], badges: BadgeDefinition[] = BADGES): GameEvent[] {
  const byId = new Map(badges.map((badge) => [badge.id, badge]))
  return statuses.flatMap((status) => {
    const badge = byId.get(status.id)
    if (!status.earned || status.earnedAt === null || !badge) return []
    return [
      {
        key: `badge:${badge.id}`,
        kind: 'badge' as const,
        at: status.earnedAt,
        amount: 1,
        code: 'badge.earned',
        params: { badge: badge.title, badgeId: badge.id },
        reason: `Badge earned: ${badge.title}`,
        ...(status.earnedBy !== null ? { submissionId: status.earnedBy } : {}),
      },
    ]
  })
}
