import {
  type ArenaDb,
  findGameProfile,
  grantGameEvents,
  hintEventPrefix,
  listGameEventsWithPrefix,
  parseHintEventKey,
} from '@arena/db'
import { type ChallengeConfig, hintCost } from '@arena/packs'
import { z } from 'zod'
import { challengeIdSchema } from '../api/inputs.ts'
import type { HintsView } from '../api/types.ts'
import { authedProcedure, publicProcedure, router } from '../trpc/init.ts'
import { refusal } from '../trpc/refusal.ts'
import { challengeNotFound, findVisibleChallenge } from './challengeRouter.ts'

/**
 * A challenge's hints as this user may see them: every hint's cost, and the text of those opened.
 * Texts of unopened hints never leave the server: the statement no longer carries them either.
 */
function hintsView(db: ArenaDb, challengeId: string, userId: number | null): HintsView {
  const found = findVisibleChallenge(db, challengeId, userId)
  if (!found) throw challengeNotFound(challengeId)
  const config = found.challenge.config as unknown as ChallengeConfig
  const hints = config.hints ?? []
  // Per opened hint, the XP it was opened for (its event's amount, negated).
  const opened = new Map<number, number>(
    userId === null
      ? []
      : listGameEventsWithPrefix(db, userId, hintEventPrefix(found.challenge.key)).map((event) => [
          parseHintEventKey(event.key)?.index ?? -1,
          -event.amount,
        ]),
  )
  return {
    challengeId: found.challenge.key,
    xp: userId === null ? null : (findGameProfile(db, userId)?.xp ?? 0),
    hints: hints.map((hint, index) => ({
      index,
      cost: hintCost(config, hint),
      ...(opened.has(index)
        ? {
            opened: true as const,
            paid: opened.get(index) ?? 0,
            text: hint.text,
            text_ko: hint.text_ko ?? null,
          }
        : {}),
    })),
  }
}

export const hintRouter = router({
  list: publicProcedure
    .input(z.object({ challengeId: challengeIdSchema }))
    .query(({ ctx, input }) => hintsView(ctx.db, input.challengeId, ctx.auth.user?.id ?? null)),

  /**
   * Opens the next hint, charging its cost (at most the XP the learner has) as an XP event in the
   * learner's XP history; the group's instructors see which hints were opened. Hints open in order;
   * opening one already open charges nothing again.
   */
  open: authedProcedure
    .input(z.object({ challengeId: challengeIdSchema, index: z.number().int().min(0).max(100) }))
    .mutation(({ ctx, input }) => {
      const userId = ctx.user.id
      const view = hintsView(ctx.db, input.challengeId, userId)
      const hint = view.hints[input.index]
      if (!hint) throw refusal('NOT_FOUND', 'hintMissing', { n: input.index + 1 })
      if (hint.opened) return view
      const firstClosed = view.hints.findIndex((each) => !each.opened)
      if (input.index !== firstClosed) throw refusal('BAD_REQUEST', 'hintOutOfOrder', { n: firstClosed + 1 })
      const found = findVisibleChallenge(ctx.db, input.challengeId, userId)
      const title = found?.challenge.title ?? input.challengeId
      // Never below zero: a learner with less XP than the cost pays what they have (a newcomer, who
      // needs hints most, is not put in debt).
      const paid = Math.min(hint.cost, Math.max(0, view.xp ?? 0))
      grantGameEvents(ctx.db, userId, [
        {
          key: `${hintEventPrefix(view.challengeId)}${input.index}`,
          kind: 'xp',
          at: new Date(),
          amount: -paid,
          code: 'xp.hint',
          params: {
            amount: paid,
            challenge: title,
            challengeKey: view.challengeId,
            hint: input.index + 1,
          },
          reason: `-${paid} XP: hint ${input.index + 1} on ${title}`,
        },
      ])
      return hintsView(ctx.db, input.challengeId, userId)
    }),
})
