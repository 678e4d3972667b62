import {
  challengeBoard,
  ensureGameProfile,
  findChallengeVersion,
  findCurrentChallenge,
  packVisibleTo,
  ratingBoard,
  xpBoard,
} from '@arena/db'
import { startOfLocalWeek } from '@arena/game'
import { z } from 'zod'
import type { Board } from '../api/gameTypes.ts'
import { challengeIdSchema, runnerClassSchema } from '../api/inputs.ts'
import {
  challengeBoardClasses,
  defaultChallengeClass,
  defaultRatingClass,
  noisySubmissions,
  ratingBoardClasses,
} from '../game/boardClasses.ts'
import { boardView } from '../game/boardView.ts'
import { requireMember } from '../groups/groupAccess.ts'
import { authedProcedure, router } from '../trpc/init.ts'
import { challengeNotFound } from './challengeRouter.ts'

export const groupIdSchema = z
  .number({ error: 'A group id is a number.' })
  .int('A group id is a whole number.')
  .positive('A group id is positive.')
  .max(Number.MAX_SAFE_INTEGER)

const pageSchema = {
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).max(1_000_000).default(0),
}

export const leaderboardRouter = router({
  /**
   * Best Accepted result per learner on one pack version of the challenge (the current one unless
   * `packVersion` says which) and a runner class,
   * ranked by score (the ratio to the reference for the challenge's metric); ties share a rank.
   * Without `runnerClass`, the busiest class of the challenge's own kind (a GPU challenge: its GPU
   * class with results); `runnerClasses` lists every class with results for the page's selector.
   */
  challenge: authedProcedure
    .input(
      z.object({
        challengeId: challengeIdSchema,
        runnerClass: runnerClassSchema.optional(),
        packVersion: z.number().int().positive().max(1_000_000).optional(),
        groupId: groupIdSchema.optional(),
        ...pageSchema,
      }),
    )
    .query(({ ctx, input }): Board => {
      if (input.groupId !== undefined) requireMember(ctx.db, input.groupId, ctx.user.id)
      const found =
        input.packVersion === undefined
          ? findCurrentChallenge(ctx.db, input.challengeId)
          : findChallengeVersion(ctx.db, input.challengeId, input.packVersion)
      if (!found || !packVisibleTo(ctx.db, found.pack.packId, ctx.user.id)) {
        throw challengeNotFound(input.challengeId)
      }
      const classes = challengeBoardClasses(ctx.db, found.challenge.id)
      const runners = (found.challenge.config as { runners?: string[] }).runners
      const runnerClass = input.runnerClass ?? defaultChallengeClass(classes, runners, ctx.config.runnerClass)
      const page = challengeBoard(
        ctx.db,
        { challengeId: found.challenge.id, runnerClass },
        { limit: input.limit, offset: input.offset, viewerId: ctx.user.id, groupId: input.groupId },
      )
      const metric = (found.challenge.config as { metric?: string }).metric ?? 'time'
      return boardView(
        page,
        ctx.user.id,
        {
          kind: 'challenge',
          metric,
          challengeId: found.challenge.key,
          packVersion: found.pack.version,
          packHash: found.pack.hash,
          runnerClass,
          runnerClasses: classes,
          period: 'all',
          since: null,
          groupId: input.groupId ?? null,
        },
        noisySubmissions(
          ctx.db,
          [...page.rows, ...(page.you ? [page.you] : [])].flatMap((row) => row.submissionId ?? []),
        ),
      )
    }),

  /** Learners by XP or by rating (per runner class), all time or this week (the viewer's week). */
  global: authedProcedure
    .input(
      z.object({
        by: z.enum(['xp', 'rating'], { error: 'Rank "by" is "xp" or "rating".' }),
        period: z.enum(['week', 'all'], { error: 'The period is "week" or "all".' }).default('all'),
        runnerClass: runnerClassSchema.optional(),
        groupId: groupIdSchema.optional(),
        ...pageSchema,
      }),
    )
    .query(({ ctx, input }): Board => {
      if (input.groupId !== undefined) requireMember(ctx.db, input.groupId, ctx.user.id)
      const { timeZone } = ensureGameProfile(ctx.db, ctx.user.id)
      const since = input.period === 'week' ? new Date(startOfLocalWeek(Date.now(), timeZone)) : null
      const options = {
        limit: input.limit,
        offset: input.offset,
        viewerId: ctx.user.id,
        groupId: input.groupId,
      }
      const classes = input.by === 'rating' ? ratingBoardClasses(ctx.db) : []
      const runnerClass = input.runnerClass ?? defaultRatingClass(classes, ctx.config.runnerClass)
      const page =
        input.by === 'xp'
          ? xpBoard(ctx.db, { since }, options)
          : ratingBoard(ctx.db, { runnerClass, since }, options)
      return boardView(page, ctx.user.id, {
        kind: input.by,
        metric: input.by === 'xp' ? 'xp' : since ? 'rating change' : 'rating',
        challengeId: null,
        packVersion: null,
        packHash: null,
        runnerClass: input.by === 'rating' ? runnerClass : null,
        ...(input.by === 'rating' ? { runnerClasses: classes } : {}),
        period: input.period,
        since: since?.toISOString() ?? null,
        groupId: input.groupId ?? null,
      })
    }),
})
