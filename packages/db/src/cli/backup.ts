// `npm run db:backup [-- --db <file>] [-- --out <dir>]`: an online backup of the server's database.
import path from 'node:path'
import { parseArgs } from 'node:util'
import { backupDatabase } from '../backupDatabase.ts'
import { DEFAULT_DB_FILE } from '../openDatabase.ts'

const { values } = parseArgs({
  options: { db: { type: 'string' }, out: { type: 'string' } },
})
const file = values.db ?? process.env.ARENA_DB_FILE ?? DEFAULT_DB_FILE
const outDir = values.out ?? path.join(path.dirname(DEFAULT_DB_FILE), 'backups')
try {
  const target = await backupDatabase(file, outDir)
  console.log(`Backed up ${file} to ${target}`)
} catch (error) {
  console.error(`Backup failed: ${(error as Error).message}`)
  process.exitCode = 1
}
