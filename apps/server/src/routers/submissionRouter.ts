import {
  findCurrentChallenge,
  findSubmissionWithVersion,
  findUserSubmission,
  insertSubmission,
  listUserSubmissions,
  packVisibleTo,
  type SubmissionWithVersion,
  setSubmissionShared,
} from '@arena/db'
import type { Tier, Verdict } from '@arena/grader'
import type { ChallengeConfig } from '@arena/packs'
import type { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { challengeIdSchema, modeSchema, sourceSchema, submissionIdSchema } from '../api/inputs.ts'
import type { SubmissionDetail, SubmissionProgress, SubmissionSummary } from '../api/types.ts'
import { enqueueSubmission } from '../grading/enqueueSubmission.ts'
import { submissionProgress } from '../grading/submissionProgress.ts'
import { submissionView } from '../grading/submissionView.ts'
import { enforceQueueLimits, fairGroupOf } from '../runners/queueLimits.ts'
import { withGatedJobGraphs } from '../solutions/gatedJobGraphs.ts'
import { withGatedProfile } from '../solutions/gatedProfile.ts'
import { authorName, readAccess } from '../solutions/readAccess.ts'
import { authedProcedure, enforceLimit, router } from '../trpc/init.ts'
import { refusal } from '../trpc/refusal.ts'
import { challengeNotFound } from './challengeRouter.ts'

function submissionNotFound(id: number): TRPCError {
  // Another learner's submission reads the same as a missing one: ids reveal nothing.
  return refusal('NOT_FOUND', 'submissionMissing', { id })
}

/** The runner class a challenge is graded on here: cpu when it allows it. */
function runnerClassOf(config: ChallengeConfig): string {
  return config.runners.includes('cpu') ? 'cpu' : (config.runners[0] ?? 'cpu')
}

export const submissionRouter = router({
  create: authedProcedure
    .input(z.object({ challengeId: challengeIdSchema, source: sourceSchema, mode: modeSchema }))
    .mutation(async ({ ctx, input }): Promise<{ id: number }> => {
      await enforceLimit(ctx, 'submit', 'submissions')
      const found = findCurrentChallenge(ctx.db, input.challengeId)
      if (!found || !packVisibleTo(ctx.db, found.pack.packId, ctx.user.id)) {
        throw challengeNotFound(input.challengeId)
      }
      const fairGroup = fairGroupOf(ctx.db, ctx.user.id)
      enforceQueueLimits(ctx.db, ctx.config.queueLimits, ctx.user.id, fairGroup.groupId)
      const submission = insertSubmission(ctx.db, {
        userId: ctx.user.id,
        challengeId: found.challenge.id,
        challengeKey: found.challenge.key,
        packHash: found.pack.hash,
        source: input.source,
        mode: input.mode,
        runnerClass: runnerClassOf(found.challenge.config as unknown as ChallengeConfig),
      })
      await enqueueSubmission(ctx.queue, submission, found.pack.packId, fairGroup.key)
      ctx.log.info(
        { submissionId: submission.id, challenge: input.challengeId, mode: input.mode },
        'submitted',
      )
      return { id: submission.id }
    }),

  get: authedProcedure
    .input(z.object({ id: submissionIdSchema }))
    .query(async ({ ctx, input }): Promise<SubmissionDetail> => {
      const found = findUserSubmission(ctx.db, input.id, ctx.user.id)
      // The reference's profile and job DAGs only for those who may read the reference (gatedProfile.ts).
      const gated = async (row: SubmissionWithVersion) =>
        withGatedJobGraphs(
          ctx.db,
          ctx.user,
          row.submission,
          withGatedProfile(ctx.db, ctx.user, row.submission, await submissionView(ctx.db, ctx.queue, row)),
        )
      if (found) return gated(found)
      // Someone else's: for their instructor, or a fellow solver it was shared with (readAccess.ts).
      const other = findSubmissionWithVersion(ctx.db, input.id)
      const as = other && readAccess(ctx.db, ctx.user.id, other.submission)
      if (!other || !as) throw submissionNotFound(input.id)
      const view = await gated(other)
      return { ...view, readAs: { author: authorName(ctx.db, other.submission.userId, as), as } }
    }),

  /** Shares (or stops sharing) one's Accepted full submission with those who solved the challenge. */
  share: authedProcedure
    .input(z.object({ id: submissionIdSchema, shared: z.boolean() }))
    .mutation(({ ctx, input }): { shared: boolean } => {
      if (!setSubmissionShared(ctx.db, input.id, ctx.user.id, input.shared)) {
        if (!findUserSubmission(ctx.db, input.id, ctx.user.id)) throw submissionNotFound(input.id)
        throw refusal('BAD_REQUEST', 'shareNeedsAccepted')
      }
      return { shared: input.shared }
    }),

  list: authedProcedure
    .input(z.object({ challengeId: challengeIdSchema.optional() }).optional())
    .query(({ ctx, input }): SubmissionSummary[] =>
      listUserSubmissions(ctx.db, ctx.user.id, { challengeKey: input?.challengeId }).map((row) => ({
        id: row.id,
        challengeId: row.challengeKey,
        mode: row.mode,
        status: row.status,
        verdict: row.verdict as Verdict | null,
        tier: row.tier as Tier | null,
        score: row.score,
        runnerClass: row.runnerClass,
        packVersion: String(row.packVersion),
        createdAt: row.createdAt.toISOString(),
        finishedAt: row.finishedAt?.toISOString() ?? null,
        regradeOf: row.regradeOf,
      })),
    ),

  progress: authedProcedure.input(z.object({ id: submissionIdSchema })).subscription(async function* ({
    ctx,
    input,
    signal,
  }): AsyncGenerator<SubmissionProgress> {
    if (!findUserSubmission(ctx.db, input.id, ctx.user.id)) throw submissionNotFound(input.id)
    yield* submissionProgress(ctx, ctx.user.id, input.id, signal)
  }),
})
