import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type ArenaDb, openDatabase } from '../openDatabase.ts'
import { refundThrottledAttempt, takeThrottledAttempt } from './loginThrottle.ts'
import { createSession, deleteUserSessions, findSession } from './sessions.ts'
import { createUser, setUsernameSkeleton, usersWithoutSkeleton } from './users.ts'

let dir: string
let file: string
let db: ArenaDb

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'arena-accounts-'))
  file = path.join(dir, 'arena.sqlite')
  db = openDatabase(file, { migrate: true })
})
afterEach(() => {
  db.$client.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('accounts in the database', () => {
  it('refuses a user whose name has the skeleton of an existing one', () => {
    expect(createUser(db, { username: 'alice', passwordHash: 'x', usernameSkeleton: 'alice' })).toBeDefined()
    expect(
      createUser(db, { username: 'аlice', passwordHash: 'x', usernameSkeleton: 'alice' }),
    ).toBeUndefined()
    expect(createUser(db, { username: 'bob', passwordHash: 'x' })).toBeDefined()
    expect(usersWithoutSkeleton(db).map((user) => user.username)).toEqual(['bob'])
    setUsernameSkeleton(db, 2, 'bob')
    expect(usersWithoutSkeleton(db)).toEqual([])
  })

  it('ends every session of a user but the one kept', () => {
    const user = createUser(db, { username: 'ada', passwordHash: 'x' })!
    const later = new Date(Date.now() + 86_400_000)
    for (const tokenHash of ['a', 'b', 'c']) {
      createSession(db, {
        tokenHash,
        userId: user.id,
        csrfToken: 't',
        createdAt: new Date(),
        expiresAt: later,
      })
    }
    expect(deleteUserSessions(db, user.id, 'b')).toBe(2)
    expect(['a', 'b', 'c'].map((hash) => findSession(db, hash) !== undefined)).toEqual([false, true, false])
    expect(deleteUserSessions(db, user.id)).toBe(1)
  })

  it('counts throttled attempts in the file: another connection (a restarted server) sees them', () => {
    const rules = [
      { key: 'address:1', limit: 2, windowMs: 60_000 },
      { key: 'global', limit: 100, windowMs: 60_000 },
    ]
    const now = 60_000 * 16_666_667 // the start of a window
    expect(takeThrottledAttempt(db, rules, now)).toMatchObject({ allowed: true })
    const second = takeThrottledAttempt(db, rules, now + 1)
    expect(second).toMatchObject({ allowed: true })
    db.$client.close()
    db = openDatabase(file)
    const third = takeThrottledAttempt(db, rules, now + 2)
    expect(third).toMatchObject({ allowed: false, rule: { key: 'address:1' }, retryInMs: 60_000 - 2 })
    // A refused attempt counts against nothing; a refund (a successful log-in) gives a count back.
    if (second.allowed) refundThrottledAttempt(db, second.ticket)
    expect(takeThrottledAttempt(db, rules, now + 3)).toMatchObject({ allowed: true })
    // The next window starts from zero.
    expect(takeThrottledAttempt(db, rules, now + 60_000)).toMatchObject({ allowed: true })
  })
})
