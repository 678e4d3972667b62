import { closeSync, existsSync, openSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { ensurePrivateFolder, keepDatabasePrivate, PRIVATE_FILE_MODE } from './privateFiles.ts'

/**
 * Copies a live database file into `outDir` with SQLite's online backup API: consistent even while the
 * server writes (pages changed during the copy are copied again), no lock held for long. The copy is a
 * single file (rollback journal, not WAL), checked with `PRAGMA integrity_check` before its path is
 * returned.
 */
export async function backupDatabase(file: string, outDir: string, now = new Date()): Promise<string> {
  if (!existsSync(file)) throw new Error(`There is no database at ${file}.`)
  // A backup is the whole database: its folder is 0700 and the copy 0600 from its first byte (SQLite
  // writes into the empty file made here rather than creating one with the default mode).
  ensurePrivateFolder(outDir)
  const stamp = now.toISOString().replace(/[:.]/g, '-')
  const target = path.join(outDir, `${path.basename(file, path.extname(file))}-${stamp}.sqlite`)
  closeSync(openSync(target, 'wx', PRIVATE_FILE_MODE))
  const source = new Database(file, { fileMustExist: true, readonly: true })
  source.pragma('busy_timeout = 10000')
  try {
    await source.backup(target)
  } finally {
    source.close()
  }
  const copy = new Database(target)
  try {
    // One self-contained file: the copy inherits WAL mode, which would leave -wal and -shm files beside it.
    copy.pragma('journal_mode = DELETE')
    const check = copy.pragma('integrity_check', { simple: true })
    if (check !== 'ok') throw new Error(`The backup ${target} failed its integrity check: ${String(check)}`)
  } finally {
    copy.close()
  }
  keepDatabasePrivate(target)
  return target
}
