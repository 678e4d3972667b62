import { timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { packFiles, packHash } from '@arena/packs'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { ServerConfig } from '../config.ts'
import { packVersionDir } from './packStore.ts'

/** Where runners on other machines fetch pack versions (see apps/runner PackVersions). */
export const PACK_VERSIONS_PREFIX = '/runner/packs'

const paramsSchema = z.object({
  pack: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
})

/**
 * `GET /runner/packs/:pack/:hash`: one stored pack version, every file the hash covers, as JSON
 * (`{ packId, hash, files: [{ path, base64 }] }`). Packs hold reference solutions and hidden cases, so
 * only runners may read them: the request must carry the fleet's token (ARENA_RUNNER_TOKEN) as a bearer
 * token; without a token configured the endpoint is off. The content is hashed before it is sent (a
 * store that changed on disk sends nothing), and the runner hashes what it got again.
 */
export function servePackVersions(
  app: FastifyInstance,
  config: Pick<ServerConfig, 'packStoreDir' | 'runnerToken'>,
): void {
  const built = new Map<string, Promise<string | null>>()
  app.get(`${PACK_VERSIONS_PREFIX}/:pack/:hash`, async (request, reply) => {
    if (!authorized(request, config.runnerToken)) return refuse(reply, config.runnerToken)
    const params = paramsSchema.safeParse(request.params)
    if (!params.success) {
      return reply
        .code(400)
        .send({ error: 'The address needs a pack id and a 64-digit sha256 content hash.' })
    }
    const { pack, hash } = params.data
    const key = `${pack}@${hash}`
    let body = built.get(key)
    if (!body) {
      body = transferOf(packVersionDir(config.packStoreDir, hash, pack), pack, hash)
      built.set(key, body)
      body.then(
        (text) => text ?? built.delete(key),
        () => built.delete(key),
      )
    }
    const text = await body
    if (!text)
      return reply
        .code(404)
        .send({ error: `This server has no version ${hash.slice(0, 12)} of pack ${pack}.` })
    return reply.header('content-type', 'application/json').header('cache-control', 'no-store').send(text)
  })
}

async function transferOf(dir: string, packId: string, hash: string): Promise<string | null> {
  const actual = await packHash(dir).catch(() => null)
  if (actual !== hash) return null
  const files = await Promise.all(
    (await packFiles(dir)).map(async (relative) => ({
      path: relative,
      base64: (await readFile(path.join(dir, relative))).toString('base64'),
    })),
  )
  return JSON.stringify({ packId, hash, files })
}

function authorized(request: FastifyRequest, token: string | undefined): boolean {
  if (!token) return false
  const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? ''
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

function refuse(reply: FastifyReply, token: string | undefined) {
  return token
    ? reply
        .code(401)
        .send({ error: 'A runner token is needed (Authorization: Bearer <ARENA_RUNNER_TOKEN>).' })
    : reply
        .code(404)
        .send({ error: 'Pack downloads are off: set ARENA_RUNNER_TOKEN on the server and its runners.' })
}
