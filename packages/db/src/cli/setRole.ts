// `node --import tsx packages/db/src/cli/setRole.ts <username> <learner|instructor|admin> [--db <file>]`:
// who may author packs on the web (instructors and admins). There is no sign-up as an instructor.
import { parseArgs } from 'node:util'
import { DEFAULT_DB_FILE, openDatabase } from '../openDatabase.ts'
import { setUserRole } from '../queries/users.ts'
import { ROLES, type Role } from '../schema.ts'

const { values, positionals } = parseArgs({ options: { db: { type: 'string' } }, allowPositionals: true })
const [username, role] = positionals
if (!username || !ROLES.includes(role as Role)) {
  console.error(`usage: setRole <username> <${ROLES.join('|')}> [--db <file>]`)
  process.exit(2)
}
const db = openDatabase(values.db ?? process.env.ARENA_DB_FILE ?? DEFAULT_DB_FILE, { migrate: true })
if (setUserRole(db, username, role as Role)) {
  console.log(`${username} is now ${role}`)
} else {
  console.error(`no user named ${username}`)
  process.exitCode = 1
}
db.$client.close()
