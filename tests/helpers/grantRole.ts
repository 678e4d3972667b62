// Roles are given by an admin (packages/db/src/cli/setRole.ts, `npm run role`): the same write, on the
// database file a running test server holds (better-sqlite3 waits for the server's lock).
import Database from 'better-sqlite3'

export function grantRole(dbFile: string, username: string, role: 'learner' | 'instructor' | 'admin'): void {
  const db = new Database(dbFile)
  try {
    db.pragma('busy_timeout = 10000')
    const changed = db.prepare('UPDATE users SET role = ? WHERE username = ?').run(role, username).changes
    if (changed !== 1) throw new Error(`no user named ${username} in ${dbFile}`)
  } finally {
    db.close()
  }
}
