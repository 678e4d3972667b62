import { getDraft, saveDraft } from '@arena/db'
import { z } from 'zod'
import { challengeIdSchema, sourceSchema } from '../api/inputs.ts'
import type { Draft } from '../api/types.ts'
import { authedProcedure, router } from '../trpc/init.ts'
import { challengeNotFound, findVisibleChallenge } from './challengeRouter.ts'

export const draftRouter = router({
  get: authedProcedure
    .input(z.object({ challengeId: challengeIdSchema }))
    .query(({ ctx, input }): Draft | null => {
      if (!findVisibleChallenge(ctx.db, input.challengeId, ctx.user.id)) return null
      const draft = getDraft(ctx.db, ctx.user.id, input.challengeId)
      return draft ? { source: draft.source, updatedAt: draft.updatedAt.toISOString() } : null
    }),

  save: authedProcedure
    .input(z.object({ challengeId: challengeIdSchema, source: sourceSchema }))
    .mutation(({ ctx, input }): { updatedAt: string } => {
      // A draft or another group's private pack reads as missing: saving tells nothing about it.
      if (!findVisibleChallenge(ctx.db, input.challengeId, ctx.user.id))
        throw challengeNotFound(input.challengeId)
      const draft = saveDraft(ctx.db, {
        userId: ctx.user.id,
        challengeKey: input.challengeId,
        source: input.source,
      })
      return { updatedAt: draft.updatedAt.toISOString() }
    }),
})
