// Discussion per challenge (issue 18.4): threads and replies; a spoiler's text is withheld from those
// who have not solved it (not only folded on the page); authors edit and delete their own posts,
// instructors and admins moderate; reports reach the moderators; posting is rate-limited.
import { openDatabase, setUserRole } from '@arena/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DiscussionList, DiscussionThread } from '../api/types.ts'
import { dataOf, signedUp } from '../testing/apiHelpers.ts'
import { submitGraded } from '../testing/fakeRunner.ts'
import { startTestServer, type TestServer } from '../testing/testServer.ts'

let server: TestServer
const CHALLENGE = 'fixture/sum-array'

beforeAll(async () => {
  server = await startTestServer({
    rateLimits: { loginPerMinute: 1000, signupPerMinute: 1000, submitPerMinute: 1000, postPerMinute: 6 },
  })
})
afterAll(() => server.stop())

const learner = (name: string) => signedUp(server, name)
const data = dataOf

describe('discussion', () => {
  it('threads and replies; a spoiler reaches only those who solved it', async () => {
    const solver = await learner('solver-disc')
    const newcomer = await learner('newcomer-disc')
    await submitGraded(solver, server.config.dbFile, CHALLENGE, {
      verdict: 'Accepted',
      tier: 'gold',
      score: 1,
    })

    const { id: threadId } = await data<{ id: number }>(
      newcomer.mutation('discussion.create', {
        challengeId: CHALLENGE,
        title: 'Why is my loop slow?',
        body: 'I copy the array first, then `reduce`.',
        spoiler: false,
      }),
    )
    await data(
      solver.mutation('discussion.reply', {
        threadId,
        body: 'Skip the copy: one `for` loop over the **typed array**.',
        spoiler: true,
      }),
    )
    await data(
      solver.mutation('discussion.reply', { threadId, body: 'Look at what you allocate.', spoiler: false }),
    )

    const seenByNewcomer = await data<DiscussionThread>(newcomer.query('discussion.thread', { threadId }))
    expect(seenByNewcomer.thread).toMatchObject({
      title: 'Why is my loop slow?',
      author: 'newcomer-disc',
      mine: true,
    })
    expect(seenByNewcomer.replies.map((reply) => [reply.folded, reply.body])).toEqual([
      [true, null],
      [false, 'Look at what you allocate.'],
    ])
    expect(JSON.stringify(seenByNewcomer)).not.toContain('typed array')
    const seenBySolver = await data<DiscussionThread>(solver.query('discussion.thread', { threadId }))
    expect(seenBySolver.replies[0]).toMatchObject({
      folded: false,
      body: expect.stringContaining('typed array'),
    })

    // A visitor reads the list but cannot post.
    const visitor = server.client()
    await visitor.visit()
    const list = await data<DiscussionList>(visitor.query('discussion.list', { challengeId: CHALLENGE }))
    expect(list.canPost).toBe(false)
    expect(list.threads.find((thread) => thread.id === threadId)).toMatchObject({ replies: 2 })
    expect(
      await visitor.mutation('discussion.reply', { threadId, body: 'hi', spoiler: false }),
    ).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } })
  })

  it('authors edit and delete their own posts; moderators delete any and see reports', async () => {
    const author = await learner('author-disc')
    const other = await learner('other-disc')
    const teacher = await learner('teacher-disc')
    const db = openDatabase(server.config.dbFile)
    setUserRole(db, 'teacher-disc', 'instructor')
    db.$client.close()
    const { id: threadId } = await data<{ id: number }>(
      author.mutation('discussion.create', {
        challengeId: CHALLENGE,
        title: 'First try',
        body: 'draft',
        spoiler: false,
      }),
    )
    expect(
      await other.mutation('discussion.edit', { postId: threadId, body: 'hijacked', spoiler: false }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    await data(
      author.mutation('discussion.edit', {
        postId: threadId,
        title: 'Second try',
        body: 'better',
        spoiler: false,
      }),
    )
    const edited = await data<DiscussionThread>(other.query('discussion.thread', { threadId }))
    expect(edited.thread).toMatchObject({ title: 'Second try', body: 'better', editedAt: expect.any(String) })

    const { id: rude } = await data<{ id: number }>(
      other.mutation('discussion.reply', { threadId, body: 'something rude', spoiler: false }),
    )
    expect(await other.mutation('discussion.delete', { postId: threadId })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })
    expect(await data(author.mutation('discussion.report', { postId: rude, reason: 'rude' }))).toEqual({
      reported: true,
    })
    expect(await data(author.mutation('discussion.report', { postId: rude, reason: 'again' }))).toEqual({
      reported: false,
    })
    expect(await author.query('discussion.reports')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    })
    const reports = await data<{ postId: number; reason: string; reporter: string }[]>(
      teacher.query('discussion.reports'),
    )
    expect(reports).toContainEqual(
      expect.objectContaining({ postId: rude, reason: 'rude', reporter: 'author-disc' }),
    )

    await data(teacher.mutation('discussion.delete', { postId: rude }))
    const after = await data<DiscussionThread>(author.query('discussion.thread', { threadId }))
    expect(after.replies.find((reply) => reply.id === rude)).toMatchObject({ deleted: true, body: null })
    const open = await data<{ postId: number }[]>(teacher.query('discussion.reports'))
    expect(open.some((report) => report.postId === rude)).toBe(false)
  })

  it('limits how fast one learner posts', async () => {
    const chatty = await learner('chatty-disc')
    const results = []
    for (let i = 0; i < 8; i++)
      results.push(
        await chatty.mutation('discussion.create', {
          challengeId: CHALLENGE,
          title: `Thread number ${i}`,
          body: 'hello',
          spoiler: false,
        }),
      )
    expect(results.filter((result) => result.ok)).toHaveLength(6)
    expect(results.at(-1)).toMatchObject({ ok: false, error: { code: 'TOO_MANY_REQUESTS' } })
  })
})
