import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../testing/testServer.ts'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer({
    rateLimits: { loginPerMinute: 1000, signupPerMinute: 1000, submitPerMinute: 1000 },
  })
})
afterAll(() => server.stop())

function countUsers(): number {
  const db = new Database(server.config.dbFile, { readonly: true })
  try {
    return (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n
  } finally {
    db.close()
  }
}

describe('accounts', () => {
  it('signs up, stays logged in with the session cookie, logs out and in again', async () => {
    const client = server.client()
    await client.visit()
    expect(client.cookies.get('arena_csrf')).toMatch(/^[\w-]{43}$/)

    const signup = await client.mutation('auth.signup', {
      username: 'ada',
      password: 'analytical engine',
      locale: 'ko',
    })
    expect(signup).toMatchObject({
      ok: true,
      data: { username: 'ada', role: 'learner', locale: 'ko', xp: 0, level: 1 },
    })
    const cookies = signup.headers.getSetCookie().join('\n')
    expect(cookies).toMatch(/arena_session=[\w-]{43}; .*HttpOnly/i)
    expect(cookies).toMatch(/arena_session=.*SameSite=Lax/i)
    expect(cookies).not.toMatch(/arena_csrf=[^\n]*HttpOnly/i)
    expect(await client.query('auth.me')).toMatchObject({ ok: true, data: { username: 'ada' } })

    expect(await client.mutation('auth.logout')).toMatchObject({ ok: true, data: { ok: true } })
    expect(await client.query('auth.me')).toMatchObject({ ok: true, data: null })
    expect((await client.query('submission.list', {})) as { ok: boolean }).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    })

    const login = await client.mutation('auth.login', { username: 'ADA', password: 'analytical engine' })
    expect(login).toMatchObject({ ok: true, data: { username: 'ada', locale: 'ko' } })
    expect(await client.query('auth.me')).toMatchObject({ ok: true, data: { username: 'ada' } })
  })

  it('rejects a wrong password and an unknown user with the same message', async () => {
    const client = server.client()
    await client.signup('grace', 'compiler pioneer')
    const stranger = server.client()
    await stranger.visit()
    const wrong = await stranger.mutation('auth.login', { username: 'grace', password: 'not her password' })
    const unknown = await stranger.mutation('auth.login', {
      username: 'nobody-here',
      password: 'whatever pw',
    })
    expect(wrong).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED', message: 'Wrong username or password.' },
    })
    expect(unknown).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED', message: 'Wrong username or password.' },
    })
    expect(await stranger.query('auth.me')).toMatchObject({ ok: true, data: null })
  })

  it('refuses a taken username, whatever its case', async () => {
    await server.client().signup('Linus')
    const before = countUsers()
    const again = await server.client().signup('linus')
    expect(again).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/taken/) },
    })
    expect(countUsers()).toBe(before)
  })

  it('rejects mutations without the CSRF header, or with another token, and changes nothing', async () => {
    const client = server.client()
    await client.visit()
    const before = countUsers()
    const missing = await client.mutation(
      'auth.signup',
      { username: 'mallory', password: 'forged request' },
      { csrf: false },
    )
    expect(missing).toMatchObject({
      ok: false,
      status: 403,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/x-csrf-token/) },
    })
    const forged = await client.mutation(
      'auth.signup',
      { username: 'mallory', password: 'forged request' },
      { csrf: 'A'.repeat(43) },
    )
    expect(forged).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(countUsers()).toBe(before)

    // Logged in: the token is the session's own, and a cookie the attacker planted does not match it.
    await client.signup('victim')
    const planted = server.client()
    await planted.visit()
    client.cookies.set('arena_csrf', planted.cookies.get('arena_csrf')!)
    const save = await client.mutation(
      'draft.save',
      { challengeId: 'fixture/sum-array', source: 'x' },
      { csrf: planted.cookies.get('arena_csrf')! },
    )
    expect(save).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  it('keeps usernames as text: markup is stored and returned as typed, as JSON', async () => {
    const client = server.client()
    const name = '<script>alert(1)</script>'
    const signup = await client.signup(name)
    expect(signup).toMatchObject({ ok: true, data: { username: name } })
    const me = await client.query('auth.me')
    expect(me).toMatchObject({ ok: true, data: { username: name } })
    expect(me.headers.get('content-type')).toMatch(/^application\/json/)
    expect(me.headers.get('x-content-type-options')).toBe('nosniff')
    expect(me.headers.get('content-security-policy')).toMatch(/script-src 'self'/)
    const db = new Database(server.config.dbFile, { readonly: true })
    const stored = db.prepare('SELECT username FROM users WHERE username = ?').get(name)
    db.close()
    expect(stored).toEqual({ username: name })
  })

  it('explains what is wrong with a username or a password', async () => {
    const client = server.client()
    await client.visit()
    const result = await client.mutation('auth.signup', { username: ' x', password: 'short' })
    expect(result).toMatchObject({ ok: false, status: 400, error: { code: 'BAD_REQUEST' } })
    if (result.ok) return
    expect(result.error.message).toMatch(/username: The username needs at least 3 characters/)
    expect(result.error.message).toMatch(/password: The password needs at least 8 characters/)
    expect(result.error.issues?.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(['username', 'password']),
    )
  })
})

describe('rate limits', () => {
  it('limits failed log-ins per username', async () => {
    // A day's window: it cannot turn over while the test runs (loginThrottle.test.ts checks the
    // minute's rule on a clock of its own).
    const limited = await startTestServer({
      rateLimits: { loginPerMinute: 1000, signupPerMinute: 1000, submitPerMinute: 1000 },
      loginLimits: { perAddress: 1000, perUsername: 3, global: 1000, windowMinutes: 1440 },
    })
    try {
      const client = limited.client()
      await client.visit()
      const attempts = []
      for (let n = 0; n < 5; n++) {
        attempts.push(
          await client.mutation('auth.login', { username: 'someone', password: `guess number ${n}` }),
        )
      }
      expect(attempts.map((attempt) => (attempt.ok ? 'ok' : attempt.error.code))).toEqual([
        'UNAUTHORIZED',
        'UNAUTHORIZED',
        'UNAUTHORIZED',
        'TOO_MANY_REQUESTS',
        'TOO_MANY_REQUESTS',
      ])
      expect(attempts[4]).toMatchObject({
        status: 429,
        error: { message: expect.stringMatching(/try again in \d+ s/) },
      })
      // Another learner at the same address is not locked out by someone else's guesses.
      expect(
        await client.mutation('auth.login', { username: 'someone-else', password: 'a guess' }),
      ).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHORIZED' },
      })
    } finally {
      await limited.stop()
    }
  })

  it('limits submissions per user', async () => {
    const limited = await startTestServer({
      rateLimits: { loginPerMinute: 100, signupPerMinute: 100, submitPerMinute: 2 },
    })
    try {
      const client = limited.client()
      await client.signup('eager')
      const submit = () =>
        client.mutation('submission.create', {
          challengeId: 'fixture/sum-array',
          source: 'export const solve = () => 0',
          mode: 'samples',
        })
      const results = [await submit(), await submit(), await submit()]
      expect(results.map((result) => (result.ok ? 'ok' : result.error.code))).toEqual([
        'ok',
        'ok',
        'TOO_MANY_REQUESTS',
      ])
      // Another learner (same address: a classroom) has a budget of their own.
      const other = limited.client()
      await other.signup('patient')
      expect(
        await other.mutation('submission.create', {
          challengeId: 'fixture/sum-array',
          source: 'export const solve = () => 0',
          mode: 'samples',
        }),
      ).toMatchObject({ ok: true })
    } finally {
      await limited.stop()
    }
  })
})
