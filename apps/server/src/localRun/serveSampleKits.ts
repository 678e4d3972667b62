import path from 'node:path'
import { findCurrentChallenge, findUserById, packVisibleTo } from '@arena/db'
import { bundleSampleKit, SampleKitError } from '@arena/grader'
import type { ChallengeConfig } from '@arena/packs'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { packVersionDir } from '../packs/packStore.ts'
import type { Services } from '../trpc/context.ts'
import { kitTicketUser, VISITOR_TICKET_USER } from './kitTicket.ts'

/** Where the page finds the sample kit of a challenge version (the hash pins the version). */
export const SAMPLE_KIT_PREFIX = '/local-run'

/** `:pack/:slug/:hash` of a challenge version, as the local-run routes take it. */
export const challengeVersionParams = z.object({
  pack: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
  hash: z.string().regex(/^[A-Za-z0-9_-]{6,128}$/),
})

/** One answer for a challenge that does not exist and one the ticket's holder may not see. */
const NOT_FOUND = 'Not found: open the challenge again (log in if you are not).\n'

/**
 * `GET /local-run/:pack/:slug/:hash/kit.js?ticket=…`: the browser bundle of a challenge's sample cases
 * and checker (see @arena/grader `bundleSampleKit`: hidden cases are cut out on the server, by
 * transforming source; no pack code runs here), an ES module the page's local-run worker imports. A
 * script URL of our own origin, because the page's CSP lets scripts come only from 'self' (no eval,
 * no blob: scripts). It answers only to a viewer who may see the challenge (a visitor without an
 * account: only in a pack everyone may see): the worker runs
 * on the sandbox origin, where no session cookie is sent, so `challenge.get` hands the viewer a ticket
 * for this version (kitTicket.ts), and the user's right to see the pack is checked again here. A
 * missing challenge and a forbidden one get the same 404 (no existence oracle). Kits of a stored pack
 * version never change, so each is built once per process; the browser keeps it privately.
 */
export function serveSampleKits(app: FastifyInstance, services: Pick<Services, 'db' | 'config'>): void {
  const built = new Map<string, Promise<string>>()
  app.get(`${SAMPLE_KIT_PREFIX}/:pack/:slug/:hash/kit.js`, async (request, reply) => {
    const params = challengeVersionParams.safeParse(request.params)
    const notFound = () =>
      reply.code(404).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send(NOT_FOUND)
    if (!params.success) return notFound()
    const { pack, slug, hash } = params.data
    const challengeKey = `${pack}/${slug}`
    const userId = kitTicketUser(
      services.config,
      (request.query as { ticket?: unknown } | undefined)?.ticket,
      {
        challengeKey,
        hash,
      },
    )
    // A visitor's ticket (no account) opens only packs that everyone may see.
    const visitor = userId === VISITOR_TICKET_USER
    const user = userId === undefined || visitor ? undefined : findUserById(services.db, userId)
    const found = user || visitor ? findCurrentChallenge(services.db, challengeKey) : undefined
    if (!found || !packVisibleTo(services.db, found.pack.packId, user?.id ?? null)) return notFound()
    if (found.pack.hash !== hash) {
      // Only the holder of a ticket for this challenge, who may see it, learns that it changed.
      return reply
        .code(409)
        .header('cache-control', 'no-store')
        .type('text/plain; charset=utf-8')
        .send('This challenge has a newer version: reload the page.\n')
    }
    const testsFile = path.join(
      packVersionDir(services.config.packStoreDir, hash, found.pack.packId),
      slug,
      'tests.ts',
    )
    let kit = built.get(testsFile)
    if (!kit) {
      kit = bundleSampleKit(testsFile)
      built.set(testsFile, kit)
      kit.catch(() => built.delete(testsFile))
    }
    try {
      const text = await kit
      const config = found.challenge.config as unknown as ChallengeConfig
      // What the worker needs to run it as the grader would: the entry, the engines, the limits, and
      // the runner kinds (the tensor engine's backend follows them).
      // Cases are listed smallest first (the pack schema checks it).
      const smallest = config.perf?.cases[0]
      const timing = smallest && { size: smallest.size, warmupSize: config.perf?.warmupSize ?? smallest.size }
      const grant = {
        entry: config.entry,
        engines: config.engines,
        runners: config.runners,
        limits: config.limits,
        timing,
      }
      return reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'private, max-age=3600')
        .send(`${text}\nexport const grant = ${JSON.stringify(grant)};\n`)
    } catch (error) {
      if (!(error instanceof SampleKitError)) throw error
      request.log.warn({ err: error }, 'sample kit unavailable')
      return reply.code(422).type('text/plain; charset=utf-8').send(`${error.message}\n`)
    }
  })
}
