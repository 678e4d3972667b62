import { findCurrentChallenge, getDraft, saveDraft } from '@arena/db'
import { z } from 'zod'
import { challengeIdSchema, sourceSchema } from '../api/inputs.ts'
import type { Draft } from '../api/types.ts'
import { authedProcedure, router } from '../trpc/init.ts'
import { challengeNotFound } from './challengeRouter.ts'

export const draftRouter = router({
  get: authedProcedure
    .input(z.object({ challengeId: challengeIdSchema }))
    .query(({ ctx, input }): Draft | null => {
      const draft = getDraft(ctx.db, ctx.user.id, input.challengeId)
      return draft ? { source: draft.source, updatedAt: draft.updatedAt.toISOString() } : null
    }),

  save: authedProcedure
    .input(z.object({ challengeId: challengeIdSchema, source: sourceSchema }))
    .mutation(({ ctx, input }): { updatedAt: string } => {
      if (!findCurrentChallenge(ctx.db, input.challengeId)) throw challengeNotFound(input.challengeId)
      const draft = saveDraft(ctx.db, {
        userId: ctx.user.id,
        challengeKey: input.challengeId,
        source: input.source,
      })
      return { updatedAt: draft.updatedAt.toISOString() }
    }),
})
