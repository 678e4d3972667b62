import {
  type ArenaDb,
  createDiscussionPost,
  type DiscussionPostWithAuthor,
  deleteDiscussionPost,
  editDiscussionPost,
  findDiscussionPost,
  hasSolved,
  listDiscussionReplies,
  listDiscussionThreads,
  listOpenReports,
  reportDiscussionPost,
  resolveReports,
} from '@arena/db'
import { z } from 'zod'
import { challengeIdSchema } from '../api/inputs.ts'
import type { DiscussionList, DiscussionPostView, DiscussionThread } from '../api/types.ts'
import type { Context } from '../trpc/context.ts'
import { authedProcedure, enforceLimit, publicProcedure, router } from '../trpc/init.ts'
import { refusal } from '../trpc/refusal.ts'
import { challengeNotFound, findVisibleChallenge } from './challengeRouter.ts'

const titleSchema = z.string().trim().min(3, 'A title needs at least 3 characters.').max(120)
const bodySchema = z.string().trim().min(1, 'Write something first.').max(10_000)
const postIdSchema = z.number().int().positive()

/** Who is reading, and what that lets them see and do. */
interface Reader {
  userId: number | null
  solved: boolean
  moderator: boolean
}

/** Instructors and admins moderate the discussion. */
function isModerator(user: { role: string } | null | undefined): boolean {
  return user?.role === 'instructor' || user?.role === 'admin'
}

function readerOf(ctx: Context, challengeKey: string): Reader {
  const user = ctx.auth.user
  return {
    userId: user?.id ?? null,
    solved: user ? hasSolved(ctx.db, user.id, challengeKey) : false,
    moderator: isModerator(user),
  }
}

/**
 * A post as the reader may see it: a spoiler's text is not sent to a learner who has not solved the
 * challenge (folded on the page, not merely hidden by CSS); a deleted post keeps its place, no text.
 */
function postView(post: DiscussionPostWithAuthor, reader: Reader): DiscussionPostView {
  const mine = reader.userId === post.userId
  const folded = post.spoiler && !reader.solved && !reader.moderator && !mine
  const deleted = post.deletedAt !== null
  return {
    id: post.id,
    author: post.username,
    title: post.title,
    body: deleted || folded ? null : post.body,
    spoiler: post.spoiler,
    folded: folded && !deleted,
    deleted,
    createdAt: post.createdAt.toISOString(),
    editedAt: post.editedAt?.toISOString() ?? null,
    mine: mine && !deleted,
    canModerate: reader.moderator && !deleted,
  }
}

/** The challenge a post belongs to, checked visible to the user (a private pack's posts read as missing). */
function visiblePost(db: ArenaDb, postId: number, userId: number | null): DiscussionPostWithAuthor {
  const post = findDiscussionPost(db, postId)
  if (!post || !findVisibleChallenge(db, post.challengeKey, userId))
    throw refusal('NOT_FOUND', 'postMissing', { id: postId })
  return post
}

export const discussionRouter = router({
  list: publicProcedure
    .input(z.object({ challengeId: challengeIdSchema }))
    .query(({ ctx, input }): DiscussionList => {
      const found = findVisibleChallenge(ctx.db, input.challengeId, ctx.auth.user?.id ?? null)
      if (!found) throw challengeNotFound(input.challengeId)
      const reader = readerOf(ctx, found.challenge.key)
      return {
        challengeId: found.challenge.key,
        canPost: reader.userId !== null,
        threads: listDiscussionThreads(ctx.db, found.challenge.key).map((thread) => ({
          ...postView(thread, reader),
          replies: thread.replies,
          lastActivityAt: thread.lastActivityAt.toISOString(),
        })),
      }
    }),

  thread: publicProcedure
    .input(z.object({ threadId: postIdSchema }))
    .query(({ ctx, input }): DiscussionThread => {
      const thread = visiblePost(ctx.db, input.threadId, ctx.auth.user?.id ?? null)
      if (thread.threadId !== null) throw refusal('NOT_FOUND', 'postIsReply')
      const reader = readerOf(ctx, thread.challengeKey)
      return {
        challengeId: thread.challengeKey,
        canPost: reader.userId !== null,
        thread: postView(thread, reader),
        replies: listDiscussionReplies(ctx.db, thread.id).map((reply) => postView(reply, reader)),
      }
    }),

  create: authedProcedure
    .input(
      z.object({
        challengeId: challengeIdSchema,
        title: titleSchema,
        body: bodySchema,
        spoiler: z.boolean(),
      }),
    )
    .mutation(async ({ ctx, input }): Promise<{ id: number }> => {
      const found = findVisibleChallenge(ctx.db, input.challengeId, ctx.user.id)
      if (!found) throw challengeNotFound(input.challengeId)
      await enforceLimit(ctx, 'post', 'posts')
      const post = createDiscussionPost(ctx.db, {
        challengeKey: found.challenge.key,
        threadId: null,
        userId: ctx.user.id,
        title: input.title,
        body: input.body,
        spoiler: input.spoiler,
      })
      return { id: post.id }
    }),

  reply: authedProcedure
    .input(z.object({ threadId: postIdSchema, body: bodySchema, spoiler: z.boolean() }))
    .mutation(async ({ ctx, input }): Promise<{ id: number }> => {
      const thread = visiblePost(ctx.db, input.threadId, ctx.user.id)
      if (thread.threadId !== null || thread.deletedAt !== null) throw refusal('BAD_REQUEST', 'threadClosed')
      await enforceLimit(ctx, 'post', 'posts')
      const post = createDiscussionPost(ctx.db, {
        challengeKey: thread.challengeKey,
        threadId: thread.id,
        userId: ctx.user.id,
        title: null,
        body: input.body,
        spoiler: input.spoiler,
      })
      return { id: post.id }
    }),

  /** The author edits their post (a thread's title too). */
  edit: authedProcedure
    .input(
      z.object({
        postId: postIdSchema,
        title: titleSchema.optional(),
        body: bodySchema,
        spoiler: z.boolean(),
      }),
    )
    .mutation(async ({ ctx, input }): Promise<{ ok: true }> => {
      const post = visiblePost(ctx.db, input.postId, ctx.user.id)
      if (post.userId !== ctx.user.id || post.deletedAt !== null)
        throw refusal('FORBIDDEN', 'editOwnPostOnly')
      await enforceLimit(ctx, 'post', 'posts')
      editDiscussionPost(ctx.db, post.id, {
        body: input.body,
        spoiler: input.spoiler,
        ...(post.threadId === null && input.title ? { title: input.title } : {}),
      })
      return { ok: true }
    }),

  /** The author, or a moderator (instructor or admin), deletes a post; its reports are then handled. */
  delete: authedProcedure
    .input(z.object({ postId: postIdSchema }))
    .mutation(({ ctx, input }): { ok: true } => {
      const post = visiblePost(ctx.db, input.postId, ctx.user.id)
      const moderator = isModerator(ctx.user)
      if (post.userId !== ctx.user.id && !moderator) throw refusal('FORBIDDEN', 'deletePostForbidden')
      if (post.deletedAt === null)
        deleteDiscussionPost(ctx.db, post.id, post.userId === ctx.user.id ? null : ctx.user.id)
      resolveReports(ctx.db, post.id)
      return { ok: true }
    }),

  report: authedProcedure
    .input(z.object({ postId: postIdSchema, reason: z.string().trim().min(3).max(500) }))
    .mutation(async ({ ctx, input }): Promise<{ reported: boolean }> => {
      const post = visiblePost(ctx.db, input.postId, ctx.user.id)
      await enforceLimit(ctx, 'post', 'posts')
      return { reported: reportDiscussionPost(ctx.db, post.id, ctx.user.id, input.reason) }
    }),

  /** Moderators: reports nobody handled yet. */
  reports: authedProcedure.query(({ ctx }) => {
    if (!isModerator(ctx.user)) throw refusal('FORBIDDEN', 'reportsForModerators')
    return listOpenReports(ctx.db).map((report) => ({ ...report, createdAt: report.createdAt.toISOString() }))
  }),

  /** Moderators: keep a reported post (the reports are handled, the post stays). */
  dismissReports: authedProcedure.input(z.object({ postId: postIdSchema })).mutation(({ ctx, input }) => {
    if (!isModerator(ctx.user)) throw refusal('FORBIDDEN', 'handlingReportsForModerators')
    resolveReports(ctx.db, input.postId)
    return { ok: true as const }
  }),
})
