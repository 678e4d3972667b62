import { challengeProgressOf, hiddenPackIds, listCurrentChallenges, packGroups } from '@arena/db'
import type { Tier } from '@arena/grader'
import type { CourseChallenge, CourseMap, Difficulty } from '../api/types.ts'
import { COURSE_TOPICS } from '../course/topics.ts'
import { publicProcedure, router } from '../trpc/init.ts'

export const courseRouter = router({
  /** Every topic in course order with its challenges and the caller's progress (none when logged out). */
  map: publicProcedure.query(({ ctx }): CourseMap => {
    const progress = ctx.auth.user ? challengeProgressOf(ctx.db, ctx.auth.user.id) : new Map()
    const byTopic = new Map<string, CourseChallenge[]>()
    const hidden = hiddenPackIds(ctx.db, ctx.auth.user?.id ?? null)
    const groups = packGroups(ctx.db)
    for (const { challenge, pack } of listCurrentChallenges(ctx.db)) {
      if (hidden.has(pack.packId)) continue
      const mine = progress.get(challenge.key)
      const list = byTopic.get(challenge.topic) ?? []
      list.push({
        id: challenge.key,
        title: challenge.title,
        title_ko: challenge.titleKo,
        difficulty: challenge.difficulty as Difficulty,
        xp: challenge.xp,
        progress: mine?.state ?? 'none',
        bestTier: (mine?.bestTier as Tier | null | undefined) ?? null,
        bestScore: mine?.bestScore ?? null,
        group: groups.get(pack.packId) ?? null,
        engines: (challenge.config as { engines?: string[] }).engines ?? [],
      })
      byTopic.set(challenge.topic, list)
    }
    return { topics: COURSE_TOPICS.map((topic) => ({ ...topic, challenges: byTopic.get(topic.id) ?? [] })) }
  }),
})
