import { rmSync } from 'node:fs'
import Database from 'better-sqlite3'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ServerConfig } from '../config.ts'
import { startServer } from '../startServer.ts'
import { ApiClient } from '../testing/ApiClient.ts'
import { startTestServer, type TestServer } from '../testing/testServer.ts'

const GENEROUS = { loginPerMinute: 1000, signupPerMinute: 1000, submitPerMinute: 1000 }
// Limits count in fixed windows that start at multiples of their length: a day's window turns over
// only at midnight UTC, so a test's attempts never straddle two (a minute's did, under load).
const A_DAY = 1440
const PASSWORD = 'correct horse battery'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ rateLimits: GENEROUS })
})
afterAll(() => server.stop())

function usernames(): string[] {
  const db = new Database(server.config.dbFile, { readonly: true })
  try {
    return (db.prepare('SELECT username FROM users ORDER BY id').all() as { username: string }[]).map(
      (row) => row.username,
    )
  } finally {
    db.close()
  }
}

async function login(client: ApiClient, username: string, password: string) {
  if (!client.cookies.has('arena_csrf')) await client.visit()
  return client.mutation('auth.login', { username, password })
}

describe('usernames', () => {
  it('refuses Cyrillic, Greek, fullwidth, mathematical and accented copies of an existing name', async () => {
    expect(await server.client().signup('alice', PASSWORD)).toMatchObject({ ok: true })
    for (const copy of [
      'аlice',
      'ａｌｉｃｅ',
      'ALİCE'.replace('İ', 'І'),
      '𝐚𝐥𝐢𝐜𝐞',
      'a\u0307lice',
      'alicе',
      'ɑlice',
    ]) {
      const result = await server.client().signup(copy, PASSWORD)
      expect(result, copy).toMatchObject({
        ok: false,
        status: 409,
        error: { code: 'CONFLICT', message: expect.stringMatching(/looks like one that is/) },
      })
    }
    // Invisible characters are refused outright.
    expect(await server.client().signup('a\u200dlice', PASSWORD)).toMatchObject({ ok: false, status: 400 })
    expect(usernames().filter((name) => name !== 'alice' && /lice/i.test(name.normalize('NFKC')))).toEqual([])
  })

  it('stores names NFKC-normalised, so a fullwidth name is the plain one', async () => {
    expect(await server.client().signup('ｂｅｒｔｈａ', PASSWORD)).toMatchObject({
      ok: true,
      data: { username: 'bertha' },
    })
    expect(usernames()).toContain('bertha')
    // Logging in with the fullwidth spelling finds the same account.
    expect(await login(server.client(), 'ｂｅｒｔｈａ', PASSWORD)).toMatchObject({
      ok: true,
      data: { username: 'bertha' },
    })
  })

  it('refuses a lone surrogate instead of storing it mangled', async () => {
    const client = server.client()
    await client.visit()
    for (const rawBody of [
      `{"username":"lone\\ud800x","password":"${PASSWORD}"}`,
      `{"username":"lone-low\\udc00","password":"${PASSWORD}"}`,
    ]) {
      const result = await client.mutation('auth.signup', undefined, { rawBody })
      expect(result).toMatchObject({
        ok: false,
        status: 400,
        error: { message: expect.stringMatching(/username: .*lone surrogate/) },
      })
    }
    const password = await client.mutation('auth.signup', undefined, {
      rawBody: '{"username":"surrogate-pw","password":"correct horse \\ud800 battery"}',
    })
    expect(password).toMatchObject({
      ok: false,
      status: 400,
      error: { message: /password: .*lone surrogate/ },
    })
    expect(usernames().filter((name) => name.startsWith('lone') || name.includes('\ufffd'))).toEqual([])
  })
})

describe('passwords', () => {
  it('refuses 12345678 and other guessable passwords, saying why, and stores nothing', async () => {
    const before = usernames().length
    const cases: [string, RegExp][] = [
      ['12345678', /too easy to guess: it is one of the ten most used passwords/],
      ['qwertyuiop', /most used passwords/],
      ['Passw0rd!', /close to a commonly used password/],
      ['weakling2024', /too easy to guess/],
    ]
    for (const [password, message] of cases) {
      const client = server.client()
      await client.visit()
      const result = await client.mutation('auth.signup', { username: 'weakling', password })
      expect(result, password).toMatchObject({
        ok: false,
        status: 400,
        error: { code: 'BAD_REQUEST', message: expect.stringMatching(message) },
      })
      if (!result.ok) expect(result.error.issues?.map((issue) => issue.path)).toEqual(['password'])
    }
    expect(usernames().length).toBe(before)
  })

  it('changes the password given the current one, and signs out every other session', async () => {
    const laptop = server.client()
    await laptop.signup('changer', PASSWORD)
    const phone = server.client()
    expect(await login(phone, 'changer', PASSWORD)).toMatchObject({ ok: true })

    const wrong = await laptop.mutation('auth.changePassword', {
      currentPassword: 'not the password',
      newPassword: 'velvet otter umbrella',
    })
    expect(wrong).toMatchObject({
      ok: false,
      status: 403,
      error: { message: /current password is not right/ },
    })
    const weak = await laptop.mutation('auth.changePassword', {
      currentPassword: PASSWORD,
      newPassword: '12345678',
    })
    expect(weak).toMatchObject({ ok: false, status: 400, error: { message: /too easy to guess/ } })
    if (!weak.ok) expect(weak.error.issues?.map((issue) => issue.path)).toEqual(['newPassword'])

    const changed = await laptop.mutation('auth.changePassword', {
      currentPassword: PASSWORD,
      newPassword: 'velvet otter umbrella',
    })
    expect(changed).toMatchObject({ ok: true, data: { username: 'changer' } })
    // This browser stays signed in (on a new session); the phone is out.
    expect(await laptop.query('auth.me')).toMatchObject({ ok: true, data: { username: 'changer' } })
    expect(await phone.query('auth.me')).toMatchObject({ ok: true, data: null })
    expect(await login(server.client(), 'changer', PASSWORD)).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    })
    expect(await login(server.client(), 'changer', 'velvet otter umbrella')).toMatchObject({ ok: true })
  })

  it('needs a session to change a password', async () => {
    const client = server.client()
    await client.visit()
    expect(
      await client.mutation('auth.changePassword', {
        currentPassword: PASSWORD,
        newPassword: 'velvet otter umbrella',
      }),
    ).toMatchObject({ ok: false, status: 401 })
  })
})

describe('sign out everywhere', () => {
  it('ends every session of the account, this one included, and no other account’s', async () => {
    const first = server.client()
    await first.signup('traveller', PASSWORD)
    const second = server.client()
    await login(second, 'traveller', PASSWORD)
    const other = server.client()
    await other.signup('stay-at-home', PASSWORD)

    expect(await second.mutation('auth.logoutEverywhere')).toMatchObject({ ok: true, data: { ended: 2 } })
    expect(await first.query('auth.me')).toMatchObject({ ok: true, data: null })
    expect(await second.query('auth.me')).toMatchObject({ ok: true, data: null })
    expect(await other.query('auth.me')).toMatchObject({ ok: true, data: { username: 'stay-at-home' } })
    // The old session cookie is worth nothing now, even replayed.
    expect(await first.query('submission.list', {})).toMatchObject({ ok: false, status: 401 })
  })
})

describe('log-in limits', () => {
  async function attempts(client: ApiClient, tries: [string, string][]): Promise<string[]> {
    const codes: string[] = []
    for (const [username, password] of tries) {
      const result = await login(client, username, password)
      codes.push(result.ok ? 'ok' : result.error.code)
    }
    return codes
  }

  it('limits spraying one password over many usernames from one address', async () => {
    const limited = await startTestServer({
      rateLimits: GENEROUS,
      loginLimits: { perAddress: 5, perUsername: 1000, global: 1000, windowMinutes: A_DAY },
    })
    try {
      const client = limited.client()
      const names = Array.from({ length: 7 }, (_, i) => [`victim${i}`, 'Summer2024!'] as [string, string])
      expect(await attempts(client, names)).toEqual([
        ...Array(5).fill('UNAUTHORIZED'),
        'TOO_MANY_REQUESTS',
        'TOO_MANY_REQUESTS',
      ])
      const last = await login(client, 'victim9', 'Summer2024!')
      expect(last).toMatchObject({
        status: 429,
        error: { message: expect.stringMatching(/failed log-ins from this address: try again in \d+ s/) },
      })
    } finally {
      await limited.stop()
    }
  })

  it('limits the whole server, per username, and lets successful log-ins through uncounted', async () => {
    const limited = await startTestServer({
      rateLimits: GENEROUS,
      loginLimits: { perAddress: 1000, perUsername: 3, global: 6, windowMinutes: A_DAY },
    })
    try {
      const owner = limited.client()
      await owner.signup('guarded', PASSWORD)
      // Successes give their count back: many of them limit nothing.
      expect(await attempts(limited.client(), Array(8).fill(['guarded', PASSWORD]))).toEqual(
        Array(8).fill('ok'),
      )
      const guesses = await attempts(limited.client(), Array(4).fill(['guarded', 'a wrong guess']))
      expect(guesses).toEqual(['UNAUTHORIZED', 'UNAUTHORIZED', 'UNAUTHORIZED', 'TOO_MANY_REQUESTS'])
      // A look-alike spelling of the name is the same username to the limit.
      const lookAlike = await login(limited.client(), 'guаrded', 'a wrong guess')
      expect(lookAlike).toMatchObject({ status: 429, error: { message: /for this user/ } })
      const spray = await attempts(limited.client(), [
        ['someone1', 'x'],
        ['someone2', 'x'],
        ['someone3', 'x'],
        ['someone4', 'x'],
      ])
      expect(spray).toEqual(['UNAUTHORIZED', 'UNAUTHORIZED', 'UNAUTHORIZED', 'TOO_MANY_REQUESTS'])
      expect(await login(limited.client(), 'someone5', 'x')).toMatchObject({
        status: 429,
        error: { message: /on this server/ },
      })
    } finally {
      await limited.stop()
    }
  })

  it('keeps the counts across a restart of the server', async () => {
    const config: Partial<ServerConfig> = {
      rateLimits: GENEROUS,
      loginLimits: { perAddress: 1000, perUsername: 3, global: 1000, windowMinutes: A_DAY },
    }
    const first = await startTestServer(config)
    const guesses: [string, string][] = Array(3).fill(['restarter', 'guess'])
    expect(await attempts(first.client(), guesses)).toEqual(Array(3).fill('UNAUTHORIZED'))
    await first.close()
    const again = await startServer(first.config, pino({ level: 'warn' }))
    try {
      const client = new ApiClient(again.url)
      expect(await login(client, 'restarter', 'guess')).toMatchObject({
        status: 429,
        error: { message: /failed log-ins for this user/ },
      })
    } finally {
      await again.close()
      rmSync(first.dir, { recursive: true, force: true })
    }
  })
})
