import type { Statement } from 'better-sqlite3'
import type { ArenaDb } from '../openDatabase.ts'

const cache = new WeakMap<object, Map<string, Statement>>()

/** A prepared statement of this connection, prepared once (boards run the same SQL again and again). */
export function prepared(db: ArenaDb, source: string): Statement {
  let statements = cache.get(db.$client)
  if (!statements) {
    statements = new Map()
    cache.set(db.$client, statements)
  }
  let statement = statements.get(source)
  if (!statement) {
    statement = db.$client.prepare(source)
    statements.set(source, statement)
  }
  return statement
}
