import path from 'node:path'
import { findCurrentChallenge } from '@arena/db'
import { bundleSampleKit, SampleKitError } from '@arena/grader'
import type { ChallengeConfig } from '@arena/packs'
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { packVersionDir } from '../packs/packStore.ts'
import type { Services } from '../trpc/context.ts'

/** Where the page finds the sample kit of a challenge version (the hash pins the version). */
export const SAMPLE_KIT_PREFIX = '/local-run'

/** `:pack/:slug/:hash` of a challenge version, as the local-run routes take it. */
export const challengeVersionParams = z.object({
  pack: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
  hash: z.string().regex(/^[A-Za-z0-9_-]{6,128}$/),
})

/**
 * `GET /local-run/:pack/:slug/:hash/kit.js`: the browser bundle of a challenge's sample cases and
 * checker (see @arena/grader `bundleSampleKit`: hidden cases are cut out on the server), an ES module
 * the page's local-run worker imports. A script URL of our own origin, because the page's CSP lets
 * scripts come only from 'self' (no eval, no blob: scripts). Kits of a stored pack version never
 * change, so each is built once per process and cached by the browser for a year.
 */
export function serveSampleKits(app: FastifyInstance, services: Pick<Services, 'db' | 'config'>): void {
  const built = new Map<string, Promise<string>>()
  app.get(`${SAMPLE_KIT_PREFIX}/:pack/:slug/:hash/kit.js`, async (request, reply) => {
    const params = challengeVersionParams.safeParse(request.params)
    if (!params.success) {
      return reply.code(400).type('text/plain; charset=utf-8').send('Not a challenge version.\n')
    }
    const { pack, slug, hash } = params.data
    const found = findCurrentChallenge(services.db, `${pack}/${slug}`)
    if (!found)
      return reply
        .code(404)
        .type('text/plain; charset=utf-8')
        .send(`There is no challenge ${pack}/${slug}.\n`)
    if (found.pack.hash !== hash) {
      return reply
        .code(409)
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
      const smallest = [...(config.perf?.cases ?? [])].sort((a, b) => a.size - b.size)[0]
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
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(`${text}\nexport const grant = ${JSON.stringify(grant)};\n`)
    } catch (error) {
      if (!(error instanceof SampleKitError)) throw error
      request.log.warn({ err: error }, 'sample kit unavailable')
      return reply.code(422).type('text/plain; charset=utf-8').send(`${error.message}\n`)
    }
  })
}
