import fs from 'node:fs'

/** Owner-only modes for what holds accounts, sessions and every submission. */
export const PRIVATE_FILE_MODE = 0o600
export const PRIVATE_FOLDER_MODE = 0o700

/**
 * Holds a database file and SQLite's companions (`-wal`, `-shm`, `-journal`) to 0600, also when they
 * were created earlier with looser modes. SQLite gives a new companion the main file's mode, so the
 * main file is created 0600 before SQLite opens it.
 */
export function keepDatabasePrivate(file: string): void {
  if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE))
  for (const name of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    try {
      if ((fs.statSync(name).mode & 0o777) !== PRIVATE_FILE_MODE) fs.chmodSync(name, PRIVATE_FILE_MODE)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
  }
}

/** Makes a folder of our own (backups) and holds it to 0700, also when it already existed. */
export function ensurePrivateFolder(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_FOLDER_MODE })
  if ((fs.statSync(dir).mode & 0o777) !== PRIVATE_FOLDER_MODE) fs.chmodSync(dir, PRIVATE_FOLDER_MODE)
}
