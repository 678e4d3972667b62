/**
 * The behaviour of every transaction that reads and then writes: it starts as a writer (BEGIN
 * IMMEDIATE). A deferred one reads a snapshot first; when another connection writes meanwhile (a
 * runner process on the same file, a backup, a script setting a role), SQLite cannot upgrade it to a
 * writer and fails at once with "database is locked" (SQLITE_BUSY_SNAPSHOT), without waiting out the
 * busy timeout: a sign-up failed so in a clean-clone test run. An immediate one waits its turn.
 */
export const IMMEDIATE = { behavior: 'immediate' } as const
