// The log-in limits at fixed instants (a real SQLite file): what each rule counts, what it refuses
// with, and when its window turns over. Through the server, the tests use windows of a day, which
// cannot turn over while they run; the minute's rule is checked here on a clock of our own.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type ArenaDb, openDatabase } from '@arena/db'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { admitLogin, loginSucceeded } from './loginThrottle.ts'

const CONFIG = {
  rateLimits: { loginPerMinute: 3, signupPerMinute: 1000, submitPerMinute: 1000 },
  loginLimits: { perAddress: 1000, perUsername: 1000, global: 1000, windowMinutes: 15 },
}
const MINUTE = 60_000
const START = MINUTE * 15 * 2_000_000 // the start of a minute's window and of a quarter hour's

let dir: string
let db: ArenaDb
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'arena-throttle-'))
  db = openDatabase(path.join(dir, 'arena.sqlite'), { migrate: true })
})
afterEach(() => {
  db.$client.close()
  rmSync(dir, { recursive: true, force: true })
})

const attempt = (ip: string, who: string, at: number) => admitLogin(db, CONFIG, ip, who, START + at)

describe('the log-in limits', () => {
  it('count attempts per address and username in a minute, and say when to try again', () => {
    for (const at of [0, 1_000, 2_000]) expect(attempt('10.0.0.1', 'someone', at).allowed).toBe(true)
    expect(attempt('10.0.0.1', 'someone', 15_000)).toEqual({
      allowed: false,
      message: 'Too many log-in attempts for this user: try again in 45 s.',
      retryInSeconds: 45,
    })
    // Someone else at the same address (a classroom), and the same name from elsewhere, are not held.
    expect(attempt('10.0.0.1', 'someone-else', 16_000).allowed).toBe(true)
    expect(attempt('10.0.0.2', 'someone', 16_000).allowed).toBe(true)
    // The next minute starts from zero.
    expect(attempt('10.0.0.1', 'someone', MINUTE).allowed).toBe(true)
  })

  it('give a successful log-in’s count back', () => {
    for (const at of [0, 1, 2, 3, 4]) {
      const gate = attempt('10.0.0.1', 'regular', at)
      if (!gate.allowed) throw new Error(`refused at ${at}: ${gate.message}`)
      loginSucceeded(db, gate.ticket)
    }
  })

  it('count an IPv6 /64 as one address', () => {
    const strict = { ...CONFIG, loginLimits: { ...CONFIG.loginLimits, perAddress: 2 } }
    const from = (ip: string, who: string) => admitLogin(db, strict, ip, who, START)
    expect(from('2001:db8:1:2::1', 'a').allowed).toBe(true)
    expect(from('2001:db8:1:2:ffff::9', 'b').allowed).toBe(true)
    expect(from('2001:db8:1:2:abcd:1:2:3', 'c')).toMatchObject({
      allowed: false,
      message: expect.stringMatching(/^Too many failed log-ins from this address/),
    })
    expect(from('2001:db8:1:3::1', 'd').allowed).toBe(true)
  })
})
