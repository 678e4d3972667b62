// `npm run role -- <username> <learner|instructor|admin> [--db <file>]`: who may author packs on the web
// (instructors and admins). There is no sign-up as an instructor.
//
// The database is found as the server finds it (apps/server/src/config.ts): `--db`, else
// ARENA_DB_FILE, else db/arena.sqlite; a relative path is taken from the current folder, so the
// `--db` given to `npm start` works here as it is. A missing file is an error, not a new empty database.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_DB_FILE, openDatabase } from '../openDatabase.ts'
import { setUserRole } from '../queries/users.ts'
import { ROLES, type Role } from '../schema.ts'

const { values, positionals } = parseArgs({ options: { db: { type: 'string' } }, allowPositionals: true })
const [username, role] = positionals
if (!username || !ROLES.includes(role as Role)) {
  console.error(`usage: npm run role -- <username> <${ROLES.join('|')}> [--db <file>]`)
  process.exit(2)
}
const file = path.resolve(values.db ?? process.env.ARENA_DB_FILE ?? DEFAULT_DB_FILE)
if (!existsSync(file)) {
  console.error(
    `no database at ${file}: pass the server's database with --db <file> (the --db or ARENA_DB_FILE it was started with)`,
  )
  process.exit(1)
}
const db = openDatabase(file, { migrate: true })
if (setUserRole(db, username, role as Role)) {
  console.log(`${username} is now ${role} (in ${file})`)
} else {
  console.error(
    `no user named ${username} in ${file}; if the server was started with --db or ARENA_DB_FILE, pass the same file with --db <file>`,
  )
  process.exitCode = 1
}
db.$client.close()
