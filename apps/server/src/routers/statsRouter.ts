import {
  bestAcceptedScores,
  findChallengeById,
  findCurrentChallenge,
  findMetrics,
  findSubmission,
  findUserSubmission,
  packVisibleTo,
} from '@arena/db'
import { percentileMeans } from '@arena/game'
import { z } from 'zod'
import { challengeIdSchema, runnerClassSchema, submissionIdSchema } from '../api/inputs.ts'
import type { Distribution } from '../api/types.ts'
import { challengeBoardClasses, defaultChallengeClass } from '../game/boardClasses.ts'
import { authedProcedure, router } from '../trpc/init.ts'
import { refusal } from '../trpc/refusal.ts'
import { challengeNotFound } from './challengeRouter.ts'

export const statsRouter = router({
  /**
   * Every learner's best Accepted full submission on a challenge's pack version and runner class, and
   * where the caller's submission (the given one, or their best) falls among the others.
   */
  distribution: authedProcedure
    .input(
      z.object({
        challengeId: challengeIdSchema,
        runnerClass: runnerClassSchema.optional(),
        submissionId: submissionIdSchema.optional(),
      }),
    )
    .query(({ ctx, input }): Distribution => {
      const mine =
        input.submissionId === undefined
          ? undefined
          : findUserSubmission(ctx.db, input.submissionId, ctx.user.id)
      if (input.submissionId !== undefined && (!mine || mine.submission.challengeKey !== input.challengeId)) {
        throw refusal('NOT_FOUND', 'submissionNotOnChallenge', {
          id: input.submissionId,
          challengeId: input.challengeId,
        })
      }
      // A submission is compared on its own pack version and class; otherwise the current version.
      const found = mine
        ? findChallengeById(ctx.db, mine.submission.challengeId)
        : findCurrentChallenge(ctx.db, input.challengeId)
      // Also for the caller's own submission: a pack that is no longer visible to them shows no one's scores.
      if (!found || !packVisibleTo(ctx.db, found.pack.packId, ctx.user.id)) {
        throw challengeNotFound(input.challengeId)
      }
      // Without a submission: the class the challenge's board opens on (a GPU challenge: its GPU class).
      const runnerClass =
        input.runnerClass ??
        mine?.submission.runnerClass ??
        defaultChallengeClass(
          challengeBoardClasses(ctx.db, found.challenge.id),
          (found.challenge.config as { runners?: string[] }).runners,
          ctx.config.runnerClass,
        )
      const best = bestAcceptedScores(ctx.db, found.challenge.id, runnerClass)

      let you: Distribution['you'] = null
      const ownBest = best.find((entry) => entry.userId === ctx.user.id)
      const target = mine
        ? mine.submission.mode === 'full' &&
          mine.submission.verdict === 'Accepted' &&
          mine.submission.runnerClass === runnerClass
          ? { submissionId: mine.submission.id }
          : undefined
        : ownBest && { submissionId: ownBest.submissionId }
      if (target) {
        const score = findSubmission(ctx.db, target.submissionId)?.score ?? null
        if (score !== null) {
          const metrics = findMetrics(ctx.db, target.submissionId)
          const low = metrics?.perfLow ?? score
          const high = metrics?.perfHigh ?? score
          const others = best.filter((each) => each.userId !== ctx.user.id).map((each) => each.score)
          const share = (bound: number) => others.filter((other) => other < bound).length / others.length
          // "Faster than X%" of one or two others says little (0% or 100%): quoted from a real field only.
          const quoted = percentileMeans(others.length)
          you = {
            submissionId: target.submissionId,
            score,
            scoreInterval: [low, high],
            fasterThan: quoted ? share(score) : null,
            interval: quoted ? [share(low), share(high)] : null,
            others: others.length,
          }
        }
      }
      return {
        challengeId: found.challenge.key,
        packVersion: String(found.pack.version),
        packHash: found.pack.hash,
        runnerClass,
        scores: best.map((entry) => entry.score),
        reference: 1,
        you,
      }
    }),
})
