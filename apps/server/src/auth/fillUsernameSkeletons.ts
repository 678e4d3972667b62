import { type ArenaDb, IMMEDIATE, setUsernameSkeleton } from '@arena/db'
import { usernameSkeleton } from './usernameSkeleton.ts'

/**
 * Gives every user the skeleton of today's rule, so that sign-ups are checked against them too: users
 * written before skeletons were stored, and users whose stored skeleton an older, looser rule made (it
 * kept `Ian` apart from `lan`). Two old names that already look alike both keep their accounts.
 */
export function fillUsernameSkeletons(db: ArenaDb): number {
  const stale = db.$client
    .prepare('SELECT id, username, username_skeleton AS skeleton FROM users')
    .all()
    .map((row) => row as { id: number; username: string; skeleton: string | null })
    .map((user) => ({ ...user, current: usernameSkeleton(user.username) }))
    .filter((user) => user.skeleton !== user.current)
  db.transaction((tx) => {
    for (const user of stale) setUsernameSkeleton(tx as unknown as ArenaDb, user.id, user.current)
  }, IMMEDIATE)
  return stale.length
}
