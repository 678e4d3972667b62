import {
  ensureGameProfile,
  findSubmission,
  listGameEvents,
  listGameRatings,
  updateGameSettings,
} from '@arena/db'
import { BADGES, deviationAt, gameProfile, isValidTimeZone, PROVISIONAL_DEVIATION } from '@arena/game'
import { z } from 'zod'
import type { GameEventView, GameProfileView } from '../api/gameTypes.ts'
import { submissionIdSchema } from '../api/inputs.ts'
import { COURSE_TOPICS } from '../course/topics.ts'
import { gameCatalog } from '../game/catalog.ts'
import { eventView } from '../game/eventView.ts'
import { factsOf } from '../game/factsOf.ts'
import { authedProcedure, router } from '../trpc/init.ts'

export const timeZoneSchema = z
  .string({ error: 'The time zone is an IANA name like "Asia/Seoul".' })
  .max(64, 'A time zone name is at most 64 characters.')
  .refine(isValidTimeZone, 'Unknown time zone: use an IANA name like "Asia/Seoul" or "UTC".')

export const gameRouter = router({
  /** The caller's XP, level, mastery, badges with progress, streak, ratings and latest events. */
  profile: authedProcedure.query(({ ctx }): GameProfileView => {
    const settings = ensureGameProfile(ctx.db, ctx.user.id)
    const now = Date.now()
    const game = gameProfile({
      facts: factsOf(ctx.db, ctx.user.id),
      catalog: gameCatalog(ctx.db),
      topics: COURSE_TOPICS.map((topic) => topic.id),
      timeZone: settings.timeZone,
      now,
    })
    const titles = new Map(COURSE_TOPICS.map((topic) => [topic.id as string, topic]))
    const badges = new Map(BADGES.map((badge) => [badge.id, badge]))
    return {
      username: ctx.user.username,
      timeZone: settings.timeZone,
      hidden: settings.hidden,
      // The granted total: what the boards rank by.
      xp: settings.xp,
      level: game.level,
      mastery: game.mastery.map((entry) => ({
        ...entry,
        title: titles.get(entry.topic)?.title ?? entry.topic,
        title_ko: titles.get(entry.topic)?.title_ko ?? entry.topic,
      })),
      badges: game.badges.map((status) => {
        const badge = badges.get(status.id)
        return {
          ...status,
          title: badge?.title ?? status.id,
          title_ko: badge?.title_ko ?? status.id,
          description: badge?.description ?? '',
          description_ko: badge?.description_ko ?? '',
        }
      }),
      streak: game.streak,
      ratings: listGameRatings(ctx.db, ctx.user.id).map((row) => {
        const deviation = deviationAt(
          {
            rating: row.rating,
            deviation: row.deviation,
            games: row.games,
            lastAt: row.lastAt?.getTime() ?? null,
          },
          now,
        )
        return {
          runnerClass: row.runnerClass,
          rating: Math.round(row.rating),
          deviation: Math.round(deviation),
          games: row.games,
          provisional: deviation > PROVISIONAL_DEVIATION,
        }
      }),
      events: listGameEvents(ctx.db, ctx.user.id, 30).map(eventView),
    }
  }),

  /** The events one of the caller's submissions earned (for the toast after a verdict). */
  eventsFor: authedProcedure
    .input(z.object({ submissionId: submissionIdSchema }))
    .query(({ ctx, input }): GameEventView[] => {
      const submission = findSubmission(ctx.db, input.submissionId)
      if (!submission || submission.userId !== ctx.user.id) return []
      return listGameEvents(ctx.db, ctx.user.id, 200)
        .filter((event) => event.submissionId === input.submissionId)
        .map(eventView)
        .reverse()
    }),

  /** Time zone (streak days, "this week") and whether others see the caller's name on boards. */
  settings: authedProcedure
    .input(z.object({ timeZone: timeZoneSchema.optional(), hidden: z.boolean().optional() }))
    .mutation(({ ctx, input }) => {
      const row = updateGameSettings(ctx.db, ctx.user.id, input)
      return { timeZone: row.timeZone, hidden: row.hidden }
    }),
})
