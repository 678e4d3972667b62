import { type ArenaDb, findCurrentChallenge, packVisibleTo } from '@arena/db'
import type { ChallengeConfig, Topic } from '@arena/packs'
import type { TRPCError } from '@trpc/server'
import { z } from 'zod'
import { challengeIdSchema } from '../api/inputs.ts'
import type { ChallengeDetail, Difficulty } from '../api/types.ts'
import { kitTicket, VISITOR_TICKET_USER } from '../localRun/kitTicket.ts'
import { publicProcedure, router } from '../trpc/init.ts'
import { refusal } from '../trpc/refusal.ts'

export function challengeNotFound(id: string): TRPCError {
  return refusal('NOT_FOUND', 'challengeMissing', { challengeId: id })
}

/**
 * The current version of a challenge the user may see; a draft or another group's private pack reads
 * as missing (the same answer as an id that does not exist).
 */
export function findVisibleChallenge(db: ArenaDb, id: string, userId: number | null) {
  const found = findCurrentChallenge(db, id)
  return found && packVisibleTo(db, found.pack.packId, userId) ? found : undefined
}

export const challengeRouter = router({
  get: publicProcedure.input(z.object({ id: challengeIdSchema })).query(({ ctx, input }): ChallengeDetail => {
    const found = findVisibleChallenge(ctx.db, input.id, ctx.auth.user?.id ?? null)
    if (!found) throw challengeNotFound(input.id)
    const { challenge, pack } = found
    const config = challenge.config as unknown as ChallengeConfig
    return {
      id: challenge.key,
      title: challenge.title,
      title_ko: challenge.titleKo,
      topic: challenge.topic as Topic,
      difficulty: challenge.difficulty as Difficulty,
      xp: challenge.xp,
      statement: challenge.statement,
      statement_ko: challenge.statementKo,
      starter: challenge.starter,
      dts: challenge.dts,
      entry: config.entry,
      samples: challenge.samples,
      limits: {
        cpuMs: config.limits.cpuMs,
        wallMs: config.limits.wallMs,
        memoryMb: config.limits.memoryMb,
        outputKb: config.limits.outputKb,
      },
      engines: config.engines,
      runners: config.runners,
      clock: config.clock,
      metric: config.metric,
      pack: { id: pack.packId, version: String(pack.version), label: pack.label, hash: pack.hash },
      // A visitor gets a ticket only where everyone may see the pack (the kit route checks again).
      ...(ctx.auth.user || packVisibleTo(ctx.db, pack.packId, null)
        ? {
            kitTicket: kitTicket(ctx.config, {
              userId: ctx.auth.user?.id ?? VISITOR_TICKET_USER,
              challengeKey: challenge.key,
              hash: pack.hash,
            }),
          }
        : {}),
    }
  }),
})
