import { and, eq, lt, sql } from 'drizzle-orm'
import type { ArenaDb } from '../openDatabase.ts'
import { loginThrottle } from '../schema.ts'
import { IMMEDIATE } from '../writeTransaction.ts'

/** At most `limit` counted attempts under `key` per fixed window of `windowMs`. */
export interface ThrottleRule {
  key: string
  limit: number
  windowMs: number
}

/** The counts one attempt added, to take back when the attempt turns out to be a success. */
export interface ThrottleTicket {
  counted: { key: string; windowStart: number }[]
}

export type ThrottleVerdict =
  | { allowed: true; ticket: ThrottleTicket }
  | { allowed: false; rule: ThrottleRule; retryInMs: number }

function windowOf(rule: ThrottleRule, now: number): number {
  return Math.floor(now / rule.windowMs) * rule.windowMs
}

/**
 * Counts one attempt against every rule, unless a rule is already at its limit: then nothing is counted
 * and the verdict names that rule. Check and count are one transaction, so concurrent attempts cannot
 * all slip under a limit.
 */
export function takeThrottledAttempt(db: ArenaDb, rules: ThrottleRule[], now = Date.now()): ThrottleVerdict {
  return db.transaction((tx) => {
    for (const rule of rules) {
      const windowStart = windowOf(rule, now)
      const row = tx
        .select({ count: loginThrottle.count })
        .from(loginThrottle)
        .where(and(eq(loginThrottle.key, rule.key), eq(loginThrottle.windowStart, windowStart)))
        .get()
      if ((row?.count ?? 0) >= rule.limit) {
        return { allowed: false as const, rule, retryInMs: windowStart + rule.windowMs - now }
      }
    }
    const counted = rules.map((rule) => ({ key: rule.key, windowStart: windowOf(rule, now) }))
    for (const entry of counted) {
      tx.insert(loginThrottle)
        .values({ ...entry, count: 1 })
        .onConflictDoUpdate({
          target: [loginThrottle.key, loginThrottle.windowStart],
          set: { count: sql`${loginThrottle.count} + 1` },
        })
        .run()
    }
    return { allowed: true as const, ticket: { counted } }
  }, IMMEDIATE)
}

/** Takes back what a ticket counted (a successful log-in does not count against anyone). */
export function refundThrottledAttempt(db: ArenaDb, ticket: ThrottleTicket): void {
  db.transaction((tx) => {
    for (const { key, windowStart } of ticket.counted) {
      tx.update(loginThrottle)
        .set({ count: sql`max(${loginThrottle.count} - 1, 0)` })
        .where(and(eq(loginThrottle.key, key), eq(loginThrottle.windowStart, windowStart)))
        .run()
    }
  }, IMMEDIATE)
}

/** Drops windows that started before `before` (epoch ms). */
export function pruneThrottle(db: ArenaDb, before: number): number {
  return db.delete(loginThrottle).where(lt(loginThrottle.windowStart, before)).run().changes
}
