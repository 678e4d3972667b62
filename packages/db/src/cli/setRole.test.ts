// The role command as the README gives it (`npm run role -- ...`), on real SQLite files: it must find
// the database a server started with `--db` uses, and never answer from a new, empty one.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../openDatabase.ts'
import { createUser, findUserByUsername } from '../queries/users.ts'

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const SCRIPT = path.join(ROOT, 'packages/db/src/cli/setRole.ts')

let dir: string
let file: string

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'arena-role-'))
  file = path.join(dir, 'server.sqlite')
  const db = openDatabase(file, { migrate: true })
  createUser(db, { username: 'alice', passwordHash: 'x' })
  db.$client.close()
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function roleOf(username: string): string | undefined {
  const db = openDatabase(file, { readonly: true })
  try {
    return findUserByUsername(db, username)?.role
  } finally {
    db.$client.close()
  }
}

function run(args: string[], options: { env?: Record<string, string> } = {}) {
  const { ARENA_DB_FILE: _inherited, ...env } = process.env
  return spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, ...args], {
    cwd: ROOT,
    env: { ...env, ...options.env },
    encoding: 'utf8',
  })
}

describe('npm run role', () => {
  it('is the script the README names', () => {
    const result = spawnSync('npm', ['run', '--silent', 'role', '--', 'alice', 'instructor', '--db', file], {
      cwd: ROOT,
      encoding: 'utf8',
    })
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.stdout).toContain(`alice is now instructor (in ${file})`)
    expect(roleOf('alice')).toBe('instructor')
  })

  it('takes a relative --db from the current folder, as the server does', () => {
    const result = run(['alice', 'admin', '--db', path.relative(ROOT, file)])
    expect(result.status).toBe(0)
    expect(roleOf('alice')).toBe('admin')
  })

  it('reads ARENA_DB_FILE when there is no --db', () => {
    const result = run(['alice', 'instructor'], { env: { ARENA_DB_FILE: file } })
    expect(result.status).toBe(0)
    expect(roleOf('alice')).toBe('instructor')
  })

  it('refuses a database file that does not exist instead of creating an empty one', () => {
    const missing = path.join(dir, 'typo.sqlite')
    const result = run(['alice', 'instructor', '--db', missing])
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(`no database at ${missing}`)
    expect(result.stderr).toContain('--db')
    expect(existsSync(missing)).toBe(false)
  })

  it('names the file it looked in when the user is not there', () => {
    const result = run(['bob', 'instructor', '--db', file])
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(`no user named bob in ${file}`)
    expect(roleOf('alice')).toBe('learner')
  })
})
