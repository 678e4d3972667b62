import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { findCurrentChallenge, packVisibleTo } from '@arena/db'
import { compileSolution } from '@arena/grader'
import type { ChallengeConfig } from '@arena/packs'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { authOf } from '../auth/requestAuth.ts'
import { packVersionDir } from '../packs/packStore.ts'
import { solvedOrOwns } from '../solutions/readAccess.ts'
import type { Services } from '../trpc/context.ts'
import { challengeVersionParams, SAMPLE_KIT_PREFIX } from './serveSampleKits.ts'

function refuse(reply: FastifyReply, code: number, message: string) {
  return reply.code(code).header('cache-control', 'no-store').send({ error: message })
}

/**
 * `GET /local-run/:pack/:slug/:hash/reference.json` — the challenge version's reference solution,
 * compiled as the grader compiles it (`{ program: { code, sourceMap, globalName, entry } }`), for a
 * learner who has solved the challenge (an Accepted full submission, any version) and for the pack's
 * owner or an admin. "Run locally" then times the learner's program against it in the same worker,
 * as the grader does on the server. Before that the reference is the instructor's secret: 403, and
 * the page compares with the learner's previous run instead. Never cached by a browser or a proxy.
 */
export function serveSolvedReference(app: FastifyInstance, services: Pick<Services, 'db' | 'config'>): void {
  const compiled = new Map<string, ReturnType<typeof compileSolution>>()
  app.get(`${SAMPLE_KIT_PREFIX}/:pack/:slug/:hash/reference.json`, async (request, reply) => {
    const params = challengeVersionParams.safeParse(request.params)
    if (!params.success) return refuse(reply, 400, 'Not a challenge version.')
    const { pack, slug, hash } = params.data
    const user = authOf(request).user
    if (!user) return refuse(reply, 401, 'Log in first.')
    const key = `${pack}/${slug}`
    const found = findCurrentChallenge(services.db, key)
    // A draft or another group's private pack reads as missing, whatever the hash (no 409 or 403 to
    // tell that it exists).
    if (!found || !packVisibleTo(services.db, found.pack.packId, user.id)) {
      return refuse(reply, 404, `There is no challenge ${key}.`)
    }
    if (found.pack.hash !== hash)
      return refuse(reply, 409, 'This challenge has a newer version: reload the page.')
    if (!solvedOrOwns(services.db, user, pack, key)) {
      return refuse(reply, 403, 'The reference solution is shown to those who solved this challenge.')
    }
    const file = path.join(packVersionDir(services.config.packStoreDir, hash, pack), slug, 'reference.ts')
    let program = compiled.get(file)
    if (!program) {
      const config = found.challenge.config as unknown as ChallengeConfig
      program = readFile(file, 'utf8').then((source) =>
        compileSolution(source, 'reference.ts', config.entry, config.engines),
      )
      compiled.set(file, program)
      program.catch(() => compiled.delete(file))
    }
    const outcome = await program
    if (!outcome.ok) return refuse(reply, 422, `The reference does not compile: ${outcome.message}`)
    const { code, sourceMap, globalName, entry } = outcome.program
    return reply
      .header('cache-control', 'private, no-store')
      .send({ program: { code, sourceMap, globalName, entry } })
  })
}
