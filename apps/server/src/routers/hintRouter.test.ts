// Hints (issue 18.2): out of the statement, opened one at a time in order for their XP cost, the text
// sent only once opened, charged once, and shown to the group's instructors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GameProfileView, InstructorView } from '../api/gameTypes.ts'
import type { ChallengeDetail, HintsView } from '../api/types.ts'
import { dataOf, signedUp } from '../testing/apiHelpers.ts'
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

const learner = (name: string) => signedUp(server, name)
const data = dataOf

describe('hints', () => {
  it('shows every cost but no text before a hint is opened, signed in or not', async () => {
    const visitor = server.client()
    await visitor.visit()
    const view = await data<HintsView>(visitor.query('hint.list', { challengeId: CHALLENGE }))
    // The fixture's challenge has xp 10: the first hint costs the default tenth, the second its own 4.
    expect(view).toEqual({
      challengeId: CHALLENGE,
      xp: null,
      hints: [
        { index: 0, cost: 1 },
        { index: 1, cost: 4 },
      ],
    })
    expect(await visitor.mutation('hint.open', { challengeId: CHALLENGE, index: 0 })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    })
    // The statement does not carry them either.
    const detail = await data<ChallengeDetail>(visitor.query('challenge.get', { id: CHALLENGE }))
    expect(JSON.stringify(detail)).not.toContain('running total')
  })

  it('opens hints in order, each charged once as an XP event the learner sees', async () => {
    const ada = await learner('ada-hints')
    expect(await ada.mutation('hint.open', { challengeId: CHALLENGE, index: 1 })).toMatchObject({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: 'Hints open in order: open hint 1 first.',
        // The page says it in the reader's language from its reason (issue 19.6).
        refusal: { reason: 'hintOutOfOrder', params: { n: 1 } },
      },
    })
    expect(await ada.mutation('hint.open', { challengeId: CHALLENGE, index: 7 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', refusal: { reason: 'hintMissing', params: { n: 8 } } },
    })
    // Ada has no XP yet: the first hint takes what she has, never putting her below zero.
    const first = await data<HintsView>(ada.mutation('hint.open', { challengeId: CHALLENGE, index: 0 }))
    expect(first.hints[0]).toMatchObject({
      opened: true,
      paid: 0,
      text: expect.stringContaining('`for` loop'),
    })
    expect(first.hints[0]?.text_ko).toContain('반복문')
    expect(first.hints[1]).toEqual({ index: 1, cost: 4 })
    expect(first.xp).toBe(0)

    // With XP earned, the second costs its 4; opening the first again charges nothing.
    await submitGraded(ada, server.config.dbFile, CHALLENGE, {
      verdict: 'Accepted',
      tier: 'silver',
      score: 0.9,
    })
    const earned = (await data<GameProfileView>(ada.query('game.profile'))).xp
    expect(earned).toBeGreaterThan(4)
    await data(ada.mutation('hint.open', { challengeId: CHALLENGE, index: 0 }))
    const both = await data<HintsView>(ada.mutation('hint.open', { challengeId: CHALLENGE, index: 1 }))
    expect(both.hints.every((hint) => hint.opened)).toBe(true)
    expect(both.hints[1]?.paid).toBe(4)
    expect(both.xp).toBe(earned - 4)
    const profile = await data<GameProfileView>(ada.query('game.profile'))
    expect(profile.xp).toBe(earned - 4)
    expect(profile.events.filter((event) => event.code === 'xp.hint').map((event) => event.reason)).toEqual([
      '-4 XP: hint 2 on Sum an array',
      '-0 XP: hint 1 on Sum an array',
    ])
    // What one learner opened is theirs: another sees none of it.
    const bob = await learner('bob-hints')
    const bobs = await data<HintsView>(bob.query('hint.list', { challengeId: CHALLENGE }))
    expect(bobs.hints.some((hint) => hint.opened || hint.text)).toBe(false)
  })

  it("shows the group's instructor how many hints each member opened", async () => {
    const owner = await learner('owner-hints')
    const member = await learner('member-hints')
    const group = await data<{ id: number; inviteCode: string }>(
      owner.mutation('group.create', { name: 'Hints group' }),
    )
    await data(member.mutation('group.join', { code: group.inviteCode }))
    await data(owner.mutation('group.assign', { groupId: group.id, challengeId: CHALLENGE }))
    await data(member.mutation('hint.open', { challengeId: CHALLENGE, index: 0 }))
    const matrix = await data<InstructorView>(owner.query('group.matrix', { groupId: group.id }))
    const row = matrix.rows.find((each) => each.username === 'member-hints')
    expect(row?.cells[0]).toMatchObject({ state: 'none', hintsOpened: 1 })
  })
})
