import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createUser, openDatabase } from '@arena/db'
import { expect, it } from 'vitest'
import { fillUsernameSkeletons } from './fillUsernameSkeletons.ts'
import { usernameSkeleton } from './usernameSkeleton.ts'

it('re-skeletons users stored under an older rule, so a look-alike of them is refused', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'arena-skeletons-'))
  const db = openDatabase(path.join(dir, 'arena.sqlite'), { migrate: true })
  try {
    // `Ian` as the first rule stored it (lower-cased, `I` kept apart from `l`), and one with none.
    createUser(db, { username: 'Ian', passwordHash: 'x', usernameSkeleton: 'ian' })
    createUser(db, { username: 'Oscar', passwordHash: 'x' })
    expect(fillUsernameSkeletons(db)).toBe(2)
    for (const lookAlike of ['lan', '0scar'])
      expect(
        createUser(db, {
          username: lookAlike,
          passwordHash: 'x',
          usernameSkeleton: usernameSkeleton(lookAlike),
        }),
      ).toBeUndefined()
    expect(fillUsernameSkeletons(db)).toBe(0)
  } finally {
    db.$client.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
