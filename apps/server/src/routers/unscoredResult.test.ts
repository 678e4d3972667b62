// Issue 14 (GPU challenges on a software GPU): a trial timed on SwiftShader is graded for correctness
// and its times are shown, but it has no score and no tier. The server stores such a result without
// counting it: no leaderboard row, no tier XP or tier badge, and the submission view still shows the
// times with the grader's note.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Board, GameEventView } from '../api/gameTypes.ts'
import { submitGraded } from '../testing/fakeRunner.ts'
import { startTestServer, type TestServer } from '../testing/testServer.ts'

let server: TestServer
const CHALLENGE = 'fixture/sum-array'
const NOTE =
  'Timed on a software GPU (SwiftShader, `gpu:swiftshader`): its "GPU" is the CPU, so these times say nothing about GPU kernels. Correctness only: no score and no tier.'

beforeAll(async () => {
  server = await startTestServer({
    rateLimits: { loginPerMinute: 1000, signupPerMinute: 1000, submitPerMinute: 1000 },
  })
})
afterAll(() => server.stop())

async function data<T>(promise: Promise<{ ok: boolean; data?: unknown; error?: unknown }>): Promise<T> {
  const result = await promise
  if (!result.ok) throw new Error(JSON.stringify(result.error))
  return result.data as T
}

interface SubmissionDetail {
  verdict: string
  message: string | null
  tier: string | null
  score: number | null
  perf: { score?: number; tier?: string; note?: string; cases: { name: string }[] } | null
}

describe('an unscored Accepted result', () => {
  it('is stored and shown with its times and note, but counts toward no board, tier or badge', async () => {
    const eve = server.client()
    await eve.signup('eve-unscored')
    const id = await submitGraded(eve, server.config.dbFile, CHALLENGE, {
      verdict: 'Accepted',
      unscored: NOTE,
    })

    const detail = await data<SubmissionDetail>(eve.query('submission.get', { id }))
    expect(detail).toMatchObject({ verdict: 'Accepted', message: NOTE, tier: null, score: null })
    expect(detail.perf?.score).toBeUndefined()
    expect(detail.perf?.tier).toBeUndefined()
    expect(detail.perf?.note).toBe(NOTE)
    expect(detail.perf?.cases.map((c) => c.name)).toEqual(['n-1m'])

    const board = await data<Board>(eve.query('leaderboard.challenge', { challengeId: CHALLENGE }))
    expect(board.rows.some((row) => row.username === 'eve-unscored')).toBe(false)
    expect(board.you ?? null).toBeNull()

    // Accepted is still an acceptance (correctness was graded); no tier was earned.
    const events = await data<GameEventView[]>(eve.query('game.eventsFor', { submissionId: id }))
    // No rating game either: a rating compares scores, and this run has none.
    expect(events.some((event) => event.kind === 'rating')).toBe(false)
    const reasons = events.map((event) => event.reason)
    expect(reasons).toContain('+10 XP: first acceptance on Sum an array')
    expect(reasons.some((reason) => /first (bronze|silver|gold)/.test(reason))).toBe(false)
  })
})
