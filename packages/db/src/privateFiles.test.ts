import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { backupDatabase } from './backupDatabase.ts'
import { openDatabase } from './openDatabase.ts'

let dir: string

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'arena-db-private-'))
  // The looser default of a shared machine, whatever umask the test runs under.
  chmodSync(dir, 0o755)
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const modeOf = (file: string) => statSync(file).mode & 0o777

describe('private files', () => {
  it('creates the database, its WAL and shared-memory files, and a new folder for them owner-only', () => {
    const file = path.join(dir, 'new-folder', 'arena.sqlite')
    const db = openDatabase(file, { migrate: true })
    try {
      expect(modeOf(path.dirname(file))).toBe(0o700)
      expect(modeOf(file)).toBe(0o600)
      expect(modeOf(`${file}-wal`)).toBe(0o600)
      expect(modeOf(`${file}-shm`)).toBe(0o600)
    } finally {
      db.$client.close()
    }
  })

  it('holds an existing world-readable database and WAL to 0600 when it opens them', () => {
    const file = path.join(dir, 'arena.sqlite')
    openDatabase(file, { migrate: true }).$client.close()
    for (const name of [file, `${file}-wal`]) {
      closeSync(openSync(name, 'a'))
      chmodSync(name, 0o644)
    }
    const db = openDatabase(file)
    try {
      expect(modeOf(file)).toBe(0o600)
      expect(modeOf(`${file}-wal`)).toBe(0o600)
      expect(modeOf(`${file}-shm`)).toBe(0o600)
    } finally {
      db.$client.close()
    }
  })

  it('writes backups 0600 into a 0700 folder, also when the folder existed with looser modes', async () => {
    const file = path.join(dir, 'arena.sqlite')
    openDatabase(file, { migrate: true }).$client.close()
    const backups = path.join(dir, 'backups')
    mkdirSync(backups)
    chmodSync(backups, 0o777)
    const target = await backupDatabase(file, backups)
    expect(modeOf(backups)).toBe(0o700)
    expect(modeOf(target)).toBe(0o600)
    const fresh = await backupDatabase(file, path.join(dir, 'fresh', 'backups'), new Date(0))
    expect(modeOf(path.dirname(fresh))).toBe(0o700)
    expect(modeOf(fresh)).toBe(0o600)
  })
})
