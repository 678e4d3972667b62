import {
  type ArenaDb,
  createAuthoredPack,
  findAuthoredPack,
  findCurrentChallenge,
  findPackTest,
  findRegrade,
  findStudyGroup,
  listAuthoredPacks,
  listPackVersions,
  listRegrades,
  savePackDraft,
  setPackVisibility,
  type UserRow,
} from '@arena/db'
import { challengeSchema, editChallengeYaml, issueMessage, ScaffoldError } from '@arena/packs'
import { TRPCError } from '@trpc/server'
import { z } from 'zod'
import type {
  AuthoredPackSummary,
  PackDraftView,
  PackTestProgress,
  PackTestView,
  RegradeView,
} from '../api/authoringTypes.ts'
import { challengeIdSchema } from '../api/inputs.ts'
import { draftFiles, draftView } from '../authoring/draftView.ts'
import { instructorProcedure, requireOwnPack } from '../authoring/instructorProcedure.ts'
import { newPackFiles, withChallenge } from '../authoring/newPackFiles.ts'
import { packTestsOf } from '../authoring/PackTests.ts'
import { checkPackFiles, type PackFiles } from '../authoring/packFiles.ts'
import { storeDraft } from '../authoring/packFolder.ts'
import { packProblemsError } from '../authoring/packProblemsError.ts'
import { publishDraft } from '../authoring/publishDraft.ts'
import { regradeView, startRegrade } from '../authoring/regrade.ts'
import { requireInstructor } from '../groups/groupAccess.ts'
import { router } from '../trpc/init.ts'
import { refusal } from '../trpc/refusal.ts'

const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/
const packIdSchema = z
  .string({ error: 'A pack id is a string.' })
  .max(64, 'A pack id is at most 64 characters.')
  .regex(slugPattern, 'Use lower-case letters, digits and single dashes (e.g. "my-course").')
const slugSchema = packIdSchema
const filesSchema = z.record(z.string().max(300), z.string(), { error: 'Files are a map of path to text.' })
/** Edited files by path: the new text, or null for a deleted file. */
const changesSchema = z.record(z.string().max(300), z.string().nullable(), {
  error: 'Changes are a map of path to text, or to null for a deleted file.',
})
const visibilitySchema = z.enum(['draft', 'private', 'public'], {
  error: 'Visibility is "draft", "private" or "public".',
})
const idSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)

function applyChanges(files: PackFiles, changes: Record<string, string | null>): PackFiles {
  const next = { ...files }
  for (const [path, text] of Object.entries(changes)) {
    if (text === null) delete next[path]
    else next[path] = text
  }
  return next
}

function requireValidShape(files: PackFiles): void {
  const problems = checkPackFiles(files)
  if (problems.length > 0) throw packProblemsError('The pack cannot be saved', problems)
}

export const authoringRouter = router({
  /** The caller's packs, newest change first. */
  mine: instructorProcedure.query(({ ctx }): AuthoredPackSummary[] =>
    listAuthoredPacks(ctx.db, ctx.user.id).map((pack) => {
      const versions = listPackVersions(ctx.db, pack.packId)
      const current = versions.find((version) => version.current)
      return {
        packId: pack.packId,
        title: current?.title ?? pack.packId,
        visibility: pack.visibility,
        groupId: pack.groupId,
        groupName: pack.groupId === null ? null : (findStudyGroup(ctx.db, pack.groupId)?.name ?? null),
        currentVersion: current?.version ?? null,
        versions: versions.length,
        updatedAt: pack.updatedAt.toISOString(),
      }
    }),
  ),

  /** A new pack holding one working example challenge (what `arena new` writes). */
  create: instructorProcedure
    .input(z.object({ packId: packIdSchema, slug: slugSchema.default('first-challenge') }))
    .mutation(async ({ ctx, input }): Promise<{ packId: string }> => {
      const pack = createAuthoredPack(ctx.db, { packId: input.packId, ownerId: ctx.user.id })
      if (!pack) throw refusal('CONFLICT', 'packIdTaken', { packId: input.packId })
      savePackDraft(ctx.db, {
        userId: ctx.user.id,
        packId: input.packId,
        files: await newPackFiles(input.packId, input.slug),
      })
      return { packId: input.packId }
    }),

  /** The draft with its validation problems, newest test of this content and published versions. */
  get: instructorProcedure
    .input(z.object({ packId: packIdSchema }))
    .query(({ ctx, input }): Promise<PackDraftView> => {
      const pack = requireOwnPack(ctx.db, input.packId, ctx.user)
      return draftView(ctx.db, packTestsOf(ctx), ctx.config.packStoreDir, pack, ctx.user.id)
    }),

  /**
   * Saves the draft: the whole of it (`files`), or the page's edits applied to it (`changes`). Work in
   * progress may be invalid; the answer lists its problems.
   */
  save: instructorProcedure
    .input(
      z.union([
        z.object({ packId: packIdSchema, files: filesSchema }),
        z.object({ packId: packIdSchema, changes: changesSchema }),
      ]),
    )
    .mutation(({ ctx, input }): Promise<PackDraftView> => {
      const pack = requireOwnPack(ctx.db, input.packId, ctx.user)
      // Changes apply to the draft as the server holds it: a page whose copy of another file is older
      // (a metadata form applied while a statement was being edited) overwrites nothing it did not edit.
      const files =
        'files' in input
          ? input.files
          : applyChanges(draftFiles(ctx.db, pack, ctx.user.id) ?? {}, input.changes)
      requireValidShape(files)
      savePackDraft(ctx.db, { userId: ctx.user.id, packId: input.packId, files })
      return draftView(ctx.db, packTestsOf(ctx), ctx.config.packStoreDir, pack, ctx.user.id)
    }),

  /** Adds a scaffolded challenge to the draft and lists it in pack.yaml. */
  addChallenge: instructorProcedure
    .input(z.object({ packId: packIdSchema, slug: slugSchema }))
    .mutation(async ({ ctx, input }): Promise<PackDraftView> => {
      const pack = requireOwnPack(ctx.db, input.packId, ctx.user)
      let files: PackFiles
      try {
        files = await withChallenge(input.packId, draftFiles(ctx.db, pack, ctx.user.id) ?? {}, input.slug)
      } catch (error) {
        if (error instanceof ScaffoldError)
          throw new TRPCError({ code: 'BAD_REQUEST', message: error.message })
        throw error
      }
      savePackDraft(ctx.db, { userId: ctx.user.id, packId: input.packId, files })
      return draftView(ctx.db, packTestsOf(ctx), ctx.config.packStoreDir, pack, ctx.user.id)
    }),

  /**
   * The metadata form: `config` is checked against challenge.yaml's own zod schema (each issue names
   * its field), then written into challenge.yaml keeping its comments and layout.
   */
  setChallengeConfig: instructorProcedure
    .input(z.object({ packId: packIdSchema, slug: slugSchema, config: z.record(z.string(), z.unknown()) }))
    .mutation(({ ctx, input }): Promise<PackDraftView> => {
      const pack = requireOwnPack(ctx.db, input.packId, ctx.user)
      // Messages as `arena pack validate` words them ("Number must be at least 1").
      const checked = challengeSchema.safeParse(input.config, { error: issueMessage })
      if (!checked.success)
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'challenge.yaml', cause: checked.error })
      if (checked.data.id !== input.slug) {
        throw refusal('BAD_REQUEST', 'challengeIdFixed', { slug: input.slug })
      }
      const files = { ...(draftFiles(ctx.db, pack, ctx.user.id) ?? {}) }
      const name = `${input.slug}/challenge.yaml`
      try {
        files[name] = editChallengeYaml(files[name] ?? '', input.config)
      } catch (error) {
        throw refusal('BAD_REQUEST', 'yamlUnreadable', { file: name, detail: (error as Error).message })
      }
      savePackDraft(ctx.db, { userId: ctx.user.id, packId: input.packId, files })
      return draftView(ctx.db, packTestsOf(ctx), ctx.config.packStoreDir, pack, ctx.user.id)
    }),

  /** "Test pack": `arena pack test` of the draft's exact content, on a runner through the queue. */
  test: instructorProcedure
    .input(z.object({ packId: packIdSchema }))
    .mutation(async ({ ctx, input }): Promise<PackTestView> => {
      const pack = requireOwnPack(ctx.db, input.packId, ctx.user)
      const files = draftFiles(ctx.db, pack, ctx.user.id) ?? {}
      requireValidShape(files)
      const stored = await storeDraft(ctx.config.packStoreDir, input.packId, files)
      if (!stored.read.ok) throw packProblemsError('Fix the pack first', stored.read.problems)
      const tests = packTestsOf(ctx)
      return tests.view(await tests.start({ packId: input.packId, hash: stored.hash, userId: ctx.user.id }))
    }),

  testProgress: instructorProcedure.input(z.object({ testId: idSchema })).subscription(async function* ({
    ctx,
    input,
    signal,
  }): AsyncGenerator<PackTestProgress> {
    const test = findPackTest(ctx.db, input.testId)
    // Someone else's test reads as missing: ids tell nothing.
    if (!test || !ownsPack(ctx.db, test.packId, ctx.user)) {
      throw refusal('NOT_FOUND', 'packTestMissing', { id: input.testId })
    }
    yield* packTestsOf(ctx).progress(input.testId, signal)
  }),

  /** Publishes the tested draft as a new version and sets who sees it. */
  publish: instructorProcedure
    .input(
      z.object({
        packId: packIdSchema,
        visibility: visibilitySchema,
        groupId: idSchema.nullable().default(null),
      }),
    )
    .mutation(async ({ ctx, input }): Promise<{ version: number; created: boolean }> => {
      const pack = requireOwnPack(ctx.db, input.packId, ctx.user)
      checkAudience(ctx.db, ctx.user.id, input.visibility, input.groupId)
      const files = draftFiles(ctx.db, pack, ctx.user.id) ?? {}
      const published = await publishDraft(ctx.db, packTestsOf(ctx), ctx.config.packStoreDir, {
        packId: input.packId,
        files,
        userId: ctx.user.id,
      })
      setPackVisibility(ctx.db, input.packId, input.visibility, input.groupId)
      ctx.log.info(
        { pack: input.packId, version: published.version, visibility: input.visibility },
        'pack published',
      )
      return { version: published.version, created: published.created }
    }),

  setVisibility: instructorProcedure
    .input(
      z.object({
        packId: packIdSchema,
        visibility: visibilitySchema,
        groupId: idSchema.nullable().default(null),
      }),
    )
    .mutation(({ ctx, input }): { ok: true } => {
      requireOwnPack(ctx.db, input.packId, ctx.user)
      checkAudience(ctx.db, ctx.user.id, input.visibility, input.groupId)
      setPackVisibility(ctx.db, input.packId, input.visibility, input.groupId)
      return { ok: true }
    }),

  /** Re-grades every learner's newest accepted submission of a challenge on its current version. */
  regrade: instructorProcedure
    .input(z.object({ challengeId: challengeIdSchema }))
    .mutation(async ({ ctx, input }): Promise<RegradeView> => {
      const current = findCurrentChallenge(ctx.db, input.challengeId)
      // Missing and someone else's read the same.
      if (!current || !ownsPack(ctx.db, current.pack.packId, ctx.user)) {
        throw refusal('NOT_FOUND', 'ownChallengeMissing', { challengeId: input.challengeId })
      }
      return regradeView(ctx.db, await startRegrade(ctx.db, ctx.queue, current, ctx.user.id))
    }),

  regrades: instructorProcedure
    .input(z.object({ challengeId: challengeIdSchema }))
    .query(({ ctx, input }): RegradeView[] => {
      requireOwnPack(ctx.db, input.challengeId.split('/')[0] ?? '', ctx.user)
      return listRegrades(ctx.db, input.challengeId).map((regrade) => regradeView(ctx.db, regrade))
    }),

  /** Counts of a re-grade as its submissions are graded, until all are. */
  regradeProgress: instructorProcedure
    .input(z.object({ regradeId: idSchema }))
    .subscription(async function* ({ ctx, input, signal }): AsyncGenerator<RegradeView> {
      const regrade = findRegrade(ctx.db, input.regradeId)
      if (!regrade || !ownsPack(ctx.db, regrade.challengeKey.split('/')[0] ?? '', ctx.user)) {
        throw refusal('NOT_FOUND', 'regradeMissing', { id: input.regradeId })
      }
      let last = ''
      while (!signal?.aborted) {
        const view = regradeView(ctx.db, regrade)
        const key = `${view.done}/${view.accepted}`
        if (key !== last) {
          last = key
          yield view
        }
        if (view.done >= view.total) return
        await new Promise((resolve) => setTimeout(resolve, 250))
      }
    }),
})

/** Whether the user may work on an authored pack (its owner, or an admin). */
function ownsPack(db: ArenaDb, packId: string, user: UserRow): boolean {
  const pack = findAuthoredPack(db, packId)
  return pack !== undefined && (pack.ownerId === user.id || user.role === 'admin')
}

/** A private pack is for a group the publisher teaches; the others name no group. */
function checkAudience(
  db: ArenaDb,
  userId: number,
  visibility: 'draft' | 'private' | 'public',
  groupId: number | null,
): void {
  if (visibility !== 'private') return
  if (groupId === null) throw refusal('BAD_REQUEST', 'privatePackNeedsGroup')
  requireInstructor(db, groupId, userId)
}
