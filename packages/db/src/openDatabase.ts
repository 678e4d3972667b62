import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { keepDatabasePrivate, PRIVATE_FOLDER_MODE } from './privateFiles.ts'
import * as schema from './schema.ts'

/** db/migrations of the repository, wherever the process was started from. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../db/migrations', import.meta.url))

/** db/arena.sqlite of the repository: the default database file. */
export const DEFAULT_DB_FILE = fileURLToPath(new URL('../../../db/arena.sqlite', import.meta.url))

export type ArenaDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

export interface OpenDatabaseOptions {
  /** Apply pending migrations (the server does; runners and tools that only read do not need to). */
  migrate?: boolean
  readonly?: boolean
}

/**
 * Opens (creating when missing) the SQLite file with the settings every process must share: WAL (readers
 * never block the writer, and backups run while the server writes), foreign keys on, and a busy timeout
 * so that two processes writing at once wait for each other instead of failing with SQLITE_BUSY.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): ArenaDb {
  if (!options.readonly) {
    // A folder made here is ours alone; an existing one (the repository's db/, or any the operator
    // chose) keeps its mode, and the files in it are held to 0600 instead.
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: PRIVATE_FOLDER_MODE })
    keepDatabasePrivate(file)
  }
  const sqlite = new Database(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
  })
  configureConnection(sqlite)
  // WAL mode has just made the -wal and -shm files: hold them to 0600 too (an old one may be looser).
  if (!options.readonly) keepDatabasePrivate(file)
  const db = drizzle({ client: sqlite, schema })
  if (options.migrate) migrate(db, { migrationsFolder: MIGRATIONS_DIR })
  return db
}

/** Pragmas for any connection to the arena file, including the queue's own. */
export function configureConnection(sqlite: Database.Database): void {
  sqlite.pragma('busy_timeout = 10000')
  if (!sqlite.readonly) sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = NORMAL')
  sqlite.pragma('foreign_keys = ON')
}
