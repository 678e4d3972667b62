import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm'
import type { ArenaDb } from '../openDatabase.ts'
import { discussionPosts, discussionReports, users } from '../schema.ts'
import { IMMEDIATE } from '../writeTransaction.ts'

export type DiscussionPostRow = typeof discussionPosts.$inferSelect

/** A post with its author's name, as the discussion pages list them. */
export interface DiscussionPostWithAuthor extends DiscussionPostRow {
  username: string
  /** For a thread: its replies that are not deleted. */
  replies: number
}

const withAuthor = {
  post: discussionPosts,
  username: users.username,
}

export function createDiscussionPost(
  db: ArenaDb,
  post: {
    challengeKey: string
    threadId: number | null
    userId: number
    title: string | null
    body: string
    spoiler: boolean
  },
): DiscussionPostRow {
  const now = new Date()
  return db.transaction((tx) => {
    const row = tx
      .insert(discussionPosts)
      .values({ ...post, createdAt: now, lastActivityAt: now })
      .returning()
      .get()
    if (post.threadId !== null)
      tx.update(discussionPosts)
        .set({ lastActivityAt: now })
        .where(eq(discussionPosts.id, post.threadId))
        .run()
    return row
  }, IMMEDIATE)
}

export function findDiscussionPost(db: ArenaDb, id: number): DiscussionPostWithAuthor | undefined {
  const row = db
    .select(withAuthor)
    .from(discussionPosts)
    .innerJoin(users, eq(users.id, discussionPosts.userId))
    .where(eq(discussionPosts.id, id))
    .get()
  return row && { ...row.post, username: row.username, replies: 0 }
}

/** A challenge's threads, latest activity first. */
export function listDiscussionThreads(
  db: ArenaDb,
  challengeKey: string,
  limit = 100,
): DiscussionPostWithAuthor[] {
  const replies = sql<number>`(SELECT count(*) FROM discussion_posts AS r WHERE r.thread_id = ${discussionPosts.id} AND r.deleted_at IS NULL)`
  return db
    .select({ ...withAuthor, replies })
    .from(discussionPosts)
    .innerJoin(users, eq(users.id, discussionPosts.userId))
    .where(and(eq(discussionPosts.challengeKey, challengeKey), isNull(discussionPosts.threadId)))
    .orderBy(desc(discussionPosts.lastActivityAt), desc(discussionPosts.id))
    .limit(limit)
    .all()
    .map((row) => ({ ...row.post, username: row.username, replies: row.replies }))
}

/** A thread's replies, oldest first. */
export function listDiscussionReplies(db: ArenaDb, threadId: number): DiscussionPostWithAuthor[] {
  return db
    .select(withAuthor)
    .from(discussionPosts)
    .innerJoin(users, eq(users.id, discussionPosts.userId))
    .where(eq(discussionPosts.threadId, threadId))
    .orderBy(asc(discussionPosts.createdAt), asc(discussionPosts.id))
    .all()
    .map((row) => ({ ...row.post, username: row.username, replies: 0 }))
}

export function editDiscussionPost(
  db: ArenaDb,
  id: number,
  change: { title?: string; body: string; spoiler: boolean },
): void {
  db.update(discussionPosts)
    .set({ ...change, editedAt: new Date() })
    .where(eq(discussionPosts.id, id))
    .run()
}

/** Clears the text and marks it deleted; replies keep their place under a deleted thread. */
export function deleteDiscussionPost(db: ArenaDb, id: number, byModerator: number | null): void {
  db.update(discussionPosts)
    .set({ body: '', deletedAt: new Date(), deletedBy: byModerator })
    .where(eq(discussionPosts.id, id))
    .run()
}

/** Reports a post; false when this user already reported it. */
export function reportDiscussionPost(db: ArenaDb, postId: number, userId: number, reason: string): boolean {
  const row = db
    .insert(discussionReports)
    .values({ postId, userId, reason, createdAt: new Date() })
    .onConflictDoNothing()
    .returning()
    .get()
  return row !== undefined
}

export interface OpenReport {
  reportId: number
  postId: number
  threadId: number
  challengeKey: string
  reason: string
  reporter: string
  excerpt: string
  createdAt: Date
}

/** Reports no moderator has handled yet, oldest first. */
export function listOpenReports(db: ArenaDb, limit = 100): OpenReport[] {
  return db
    .select({
      reportId: discussionReports.id,
      postId: discussionPosts.id,
      threadId: sql<number>`coalesce(${discussionPosts.threadId}, ${discussionPosts.id})`,
      challengeKey: discussionPosts.challengeKey,
      reason: discussionReports.reason,
      reporter: users.username,
      excerpt: sql<string>`substr(${discussionPosts.body}, 1, 200)`,
      createdAt: discussionReports.createdAt,
    })
    .from(discussionReports)
    .innerJoin(discussionPosts, eq(discussionPosts.id, discussionReports.postId))
    .innerJoin(users, eq(users.id, discussionReports.userId))
    .where(isNull(discussionReports.resolvedAt))
    .orderBy(asc(discussionReports.createdAt))
    .limit(limit)
    .all()
}

/** Marks every open report of the post handled (a moderator kept or deleted it). */
export function resolveReports(db: ArenaDb, postId: number): void {
  db.update(discussionReports)
    .set({ resolvedAt: new Date() })
    .where(and(eq(discussionReports.postId, postId), isNull(discussionReports.resolvedAt)))
    .run()
}
