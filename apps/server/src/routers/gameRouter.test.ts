import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Board, GameEventView, GameProfileView } from '../api/gameTypes.ts'
import type { ApiClient } from '../testing/ApiClient.ts'
import { submitGraded } from '../testing/fakeRunner.ts'
import { startTestServer, type TestServer } from '../testing/testServer.ts'

let server: TestServer
const CHALLENGE = 'fixture/sum-array'

beforeAll(async () => {
  server = await startTestServer({
    rateLimits: { loginPerMinute: 1000, signupPerMinute: 1000, submitPerMinute: 1000 },
  })
})
afterAll(() => server.stop())

async function learner(name: string): Promise<ApiClient> {
  const client = server.client()
  await client.signup(name)
  return client
}

async function data<T>(promise: Promise<{ ok: boolean; data?: unknown; error?: unknown }>): Promise<T> {
  const result = await promise
  if (!result.ok) throw new Error(JSON.stringify(result.error))
  return result.data as T
}

describe('game', () => {
  it('grants XP once per first acceptance and tier, with reasons, whatever is resubmitted', async () => {
    const ada = await learner('ada-game')
    const wrong = await submitGraded(ada, server.config.dbFile, CHALLENGE, { verdict: 'WrongAnswer' })
    expect(await data<GameEventView[]>(ada.query('game.eventsFor', { submissionId: wrong }))).toEqual([])

    const first = await submitGraded(ada, server.config.dbFile, CHALLENGE, {
      verdict: 'Accepted',
      tier: 'silver',
      score: 0.9,
    })
    const events = await data<GameEventView[]>(ada.query('game.eventsFor', { submissionId: first }))
    expect(events.map((event) => event.reason)).toEqual(
      expect.arrayContaining([
        '+10 XP: first acceptance on Sum an array',
        '+3 XP: first bronze on Sum an array',
        '+5 XP: first silver on Sum an array',
        'Badge earned: Hello, data',
      ]),
    )
    expect(events.some((event) => event.kind === 'rating')).toBe(true)

    const again = await submitGraded(ada, server.config.dbFile, CHALLENGE, {
      verdict: 'Accepted',
      tier: 'silver',
      score: 0.95,
    })
    expect(await data<GameEventView[]>(ada.query('game.eventsFor', { submissionId: again }))).toEqual([])

    const profile = await data<GameProfileView>(ada.query('game.profile'))
    expect(profile.xp).toBe(18)
    expect(profile.level).toMatchObject({ level: 1, nextLevelXp: 50 })
    expect(profile.badges.find((badge) => badge.id === 'first-accepted')).toMatchObject({ earned: true })
    expect(profile.badges.find((badge) => badge.id === 'first-gold')).toMatchObject({
      earned: false,
      progress: 0,
    })
    expect(profile.streak).toMatchObject({ current: 1, activeToday: true })
    expect(profile.ratings).toEqual([
      expect.objectContaining({ runnerClass: 'cpu', games: 1, provisional: true }),
    ])
    expect(profile.mastery.find((entry) => entry.topic === 'vectorization')).toMatchObject({
      accepted: 1,
      total: 1,
    })
    expect(await data(ada.query('auth.me'))).toMatchObject({ xp: 18, level: 1 })
  })

  it('ranks the challenge board by best score with ties sharing a rank, hiding hidden learners', async () => {
    const [bo, cy, di] = [await learner('bo-board'), await learner('cy-board'), await learner('di-board')]
    await submitGraded(bo, server.config.dbFile, CHALLENGE, { verdict: 'Accepted', tier: 'gold', score: 2 })
    await submitGraded(cy, server.config.dbFile, CHALLENGE, { verdict: 'Accepted', tier: 'gold', score: 2 })
    await submitGraded(di, server.config.dbFile, CHALLENGE, { verdict: 'Accepted', tier: 'gold', score: 3 })
    await data(cy.mutation('game.settings', { hidden: true }))

    const board = await data<Board>(bo.query('leaderboard.challenge', { challengeId: CHALLENGE }))
    expect(board).toMatchObject({ kind: 'challenge', runnerClass: 'cpu', packVersion: 1 })
    const top = board.rows.slice(0, 3).map((row) => [row.rank, row.username, row.value])
    expect(top).toEqual([
      [1, 'di-board', 3],
      [2, 'bo-board', 2],
      [2, null, 2],
    ])
    expect(board.you).toMatchObject({ username: 'bo-board', rank: 2, you: true })
    // The hidden learner sees themselves.
    const own = await data<Board>(cy.query('leaderboard.challenge', { challengeId: CHALLENGE }))
    expect(own.you).toMatchObject({ username: 'cy-board', rank: 2 })

    const xp = await data<Board>(bo.query('leaderboard.global', { by: 'xp', period: 'week' }))
    expect(xp.rows[0]).toMatchObject({ rank: 1, value: 28 })
    const versioned = await data<Board>(
      bo.query('leaderboard.challenge', { challengeId: CHALLENGE, packVersion: 1 }),
    )
    expect(versioned.total).toBe(board.total)
    expect(
      await bo.query('leaderboard.challenge', { challengeId: CHALLENGE, packVersion: 99 }),
    ).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    })
    const rating = await data<Board>(bo.query('leaderboard.global', { by: 'rating' }))
    expect(rating.rows.length).toBeGreaterThanOrEqual(4)
  })

  it('validates settings', async () => {
    const ed = await learner('ed-settings')
    const bad = await ed.mutation('game.settings', { timeZone: 'Mars/Olympus' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
    expect(await data(ed.mutation('game.settings', { timeZone: 'Asia/Seoul' }))).toEqual({
      timeZone: 'Asia/Seoul',
      hidden: false,
    })
  })
})
