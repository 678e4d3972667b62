import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { listSharedSolutions } from '@arena/db'
import { z } from 'zod'
import { challengeIdSchema } from '../api/inputs.ts'
import type { AfterSolveView } from '../api/types.ts'
import { packVersionDir } from '../packs/packStore.ts'
import { solvedOrOwns } from '../solutions/readAccess.ts'
import { authedProcedure, router } from '../trpc/init.ts'
import { challengeNotFound, findVisibleChallenge } from './challengeRouter.ts'

/** A pack file that may be absent (an editorial is optional): its text, or null. */
async function optionalFile(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

export const solutionRouter = router({
  /**
   * "After you solve it" (issue 18.3): the challenge's editorial, the reference solution and the
   * solutions learners shared, best first, per runner class. Only for a learner with an Accepted full
   * submission on the challenge (any version), the pack's owner and admins; everyone else learns only
   * that it is locked.
   */
  afterSolve: authedProcedure
    .input(z.object({ challengeId: challengeIdSchema }))
    .query(async ({ ctx, input }): Promise<AfterSolveView> => {
      const found = findVisibleChallenge(ctx.db, input.challengeId, ctx.user.id)
      if (!found) throw challengeNotFound(input.challengeId)
      const { challenge, pack } = found
      if (!solvedOrOwns(ctx.db, ctx.user, pack.packId, challenge.key))
        return { challengeId: challenge.key, unlocked: false }
      const folder = path.join(
        packVersionDir(ctx.config.packStoreDir, pack.hash, pack.packId),
        challenge.key.slice(pack.packId.length + 1),
      )
      const [editorial, editorialKo, reference] = await Promise.all([
        optionalFile(path.join(folder, 'editorial.md')),
        optionalFile(path.join(folder, 'editorial.ko.md')),
        readFile(path.join(folder, 'reference.ts'), 'utf8'),
      ])
      return {
        challengeId: challenge.key,
        unlocked: true,
        editorial,
        editorial_ko: editorialKo,
        reference,
        community: listSharedSolutions(ctx.db, challenge.key).map((row) => ({
          submissionId: row.submissionId,
          author: row.hidden ? null : row.username,
          mine: row.userId === ctx.user.id,
          score: row.score,
          tier: row.tier,
          runnerClass: row.runnerClass,
          finishedAt: row.finishedAt?.toISOString() ?? null,
        })),
      }
    }),
})
