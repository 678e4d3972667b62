import {
  createAuthoredPack,
  findAuthoredPack,
  findPackVersionFiles,
  listPackVersions,
  type PackFiles,
  savePackDraft,
} from '@arena/db'
import { formatProblem, type PackProblem } from '@arena/packs'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { authOf, csrfProblem } from '../auth/requestAuth.ts'
import type { Services } from '../trpc/context.ts'
import { draftFiles } from './draftView.ts'
import { isInstructor } from './instructorProcedure.ts'
import { PACK_LIMITS } from './packFiles.ts'
import { storeDraft } from './packFolder.ts'
import { packZip } from './packZip.ts'
import { readPackZip } from './readPackZip.ts'

export const UPLOAD_PATH = '/api/authoring/upload'
export const EXPORT_PATH = '/api/authoring/export'

/** The answer to an upload: the pack it became a draft of, or every problem (nothing is stored). */
export type UploadAnswer =
  | { ok: true; packId: string; created: boolean; skipped: string[] }
  | { ok: false; message: string; problems: PackProblem[] }

const exportParams = z.object({
  packId: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
    .max(64),
})
const exportQuery = z.object({ version: z.coerce.number().int().positive().optional() })

/**
 * Zips in and out, beside tRPC because they are bytes, not JSON: `POST /api/authoring/upload` (a pack
 * zipped, as `application/zip`, up to 16 MB) becomes the instructor's draft of that pack once it
 * passes `arena pack validate`; `GET /api/authoring/export/:packId[?version=n]` is the draft (or a
 * published version) as a zip of its folder that `arena pack test` accepts unchanged.
 */
export async function servePackFiles(
  app: FastifyInstance,
  services: Pick<Services, 'db' | 'config'>,
): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      ['application/zip', 'application/x-zip-compressed', 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: PACK_LIMITS.zipBytes },
      (_request, body, done) => done(null, body),
    )

    scope.post(UPLOAD_PATH, { bodyLimit: PACK_LIMITS.zipBytes }, async (request, reply) => {
      const user = authOf(request).user
      if (!user) return refuse(reply, 401, 'Log in first.')
      const csrf = csrfProblem(request)
      if (csrf) return refuse(reply, 403, csrf)
      if (!isInstructor(user)) return refuse(reply, 403, 'Uploading packs is for instructors.')
      if (!Buffer.isBuffer(request.body)) return refuse(reply, 415, 'Send the zip as application/zip.')

      // Inflated on zlib's thread pool with hard byte limits: other requests go on meanwhile.
      // A view of the body, not a copy: 16 MB copied on the event loop is time every other request waits.
      const body = request.body
      const zip = await readPackZip(new Uint8Array(body.buffer, body.byteOffset, body.length))
      if (!zip.ok) return rejected(reply, zip.problems)
      const packId = packIdOf(zip.files)
      if (!packId) {
        return rejected(reply, [{ file: 'pack.yaml', field: 'id', message: 'required', severity: 'error' }])
      }
      const existing = findAuthoredPack(services.db, packId)
      if (existing && existing.ownerId !== user.id) {
        return refuse(reply, 409, `pack.yaml: id: the pack id "${packId}" is taken.`)
      }
      const stored = await storeDraft(services.config.packStoreDir, packId, zip.files)
      if (!stored.read.ok) return rejected(reply, stored.read.problems)
      const created = !existing
      if (created && !createAuthoredPack(services.db, { packId, ownerId: user.id })) {
        return refuse(reply, 409, `pack.yaml: id: the pack id "${packId}" is taken.`)
      }
      savePackDraft(services.db, { userId: user.id, packId, files: zip.files })
      request.log.info({ pack: packId, files: Object.keys(zip.files).length, created }, 'pack uploaded')
      return reply.send({ ok: true, packId, created, skipped: zip.skipped } satisfies UploadAnswer)
    })

    scope.get(`${EXPORT_PATH}/:packId`, async (request, reply) => {
      const user = authOf(request).user
      if (!user) return refuse(reply, 401, 'Log in first.')
      const params = exportParams.safeParse(request.params)
      const query = exportQuery.safeParse(request.query)
      if (!params.success || !query.success)
        return refuse(reply, 400, 'Export needs a pack id and maybe ?version=n.')
      const pack = findAuthoredPack(services.db, params.data.packId)
      if (!pack || (pack.ownerId !== user.id && user.role !== 'admin')) {
        return refuse(reply, 404, `You have no pack "${params.data.packId}".`)
      }
      const { version } = query.data
      let files: PackFiles | undefined
      if (version === undefined) files = draftFiles(services.db, pack, user.id)
      else {
        const row = listPackVersions(services.db, pack.packId).find((each) => each.version === version)
        files = row ? findPackVersionFiles(services.db, row.id) : undefined
      }
      if (!files)
        return refuse(reply, 404, `Pack "${pack.packId}" has no ${version ? `version ${version}` : 'draft'}.`)
      const name = version ? `${pack.packId}-v${version}.zip` : `${pack.packId}.zip`
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store')
        .send(Buffer.from(packZip(pack.packId, files)))
    })
  })
}

/** pack.yaml's `id` (the full check comes from `readPack`, which also demands it equal the folder). */
function packIdOf(files: PackFiles): string | undefined {
  const match = /^id:[ \t]*(["']?)([a-z0-9]+(?:-[a-z0-9]+)*)\1[ \t]*(?:#.*)?$/m.exec(files['pack.yaml'] ?? '')
  return match?.[2]
}

function refuse(reply: FastifyReply, status: number, message: string) {
  return reply.code(status).send({ ok: false, message, problems: [] } satisfies UploadAnswer)
}

function rejected(reply: FastifyReply, problems: PackProblem[]) {
  const errors = problems.filter((problem) => problem.severity === 'error')
  const message = `The pack was not uploaded: ${errors.map(formatProblem).join('; ')}`
  return reply.code(400).send({ ok: false, message, problems } satisfies UploadAnswer)
}
