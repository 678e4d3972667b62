import { isIPv6 } from 'node:net'
import {
  type ArenaDb,
  refundThrottledAttempt,
  type ThrottleRule,
  type ThrottleTicket,
  takeThrottledAttempt,
} from '@arena/db'
import type { ServerConfig } from '../config.ts'

export type LoginGate =
  | { allowed: true; ticket: ThrottleTicket }
  | { allowed: false; message: string; retryInSeconds: number }

/**
 * The address a limit counts: an IPv6 client gets a whole /64 from its provider and can step through
 * it, so the /64 is one address here; an IPv4-mapped IPv6 address is its IPv4 address.
 */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)
  if (mapped?.[1]) return mapped[1]
  if (!isIPv6(ip)) return ip
  const [head = '', tail = ''] = ip.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = ip.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`
}

function rulesFor(
  config: Pick<ServerConfig, 'rateLimits' | 'loginLimits'>,
  address: string,
  skeleton: string,
): { rule: ThrottleRule; what: string }[] {
  const windowMs = config.loginLimits.windowMinutes * 60_000
  return [
    {
      rule: { key: `pair:${address}:${skeleton}`, limit: config.rateLimits.loginPerMinute, windowMs: 60_000 },
      what: 'log-in attempts for this user',
    },
    {
      rule: { key: `address:${address}`, limit: config.loginLimits.perAddress, windowMs },
      what: 'failed log-ins from this address',
    },
    {
      rule: { key: `username:${skeleton}`, limit: config.loginLimits.perUsername, windowMs },
      what: 'failed log-ins for this user',
    },
    {
      rule: { key: 'global', limit: config.loginLimits.global, windowMs },
      what: 'failed log-ins on this server',
    },
  ]
}

/**
 * Counts a log-in attempt against the limits before its password is checked (so concurrent guesses
 * cannot all slip under a limit); a successful log-in gives its count back (`loginSucceeded`), so
 * the limits count failures. Kept in the database: a restart does not reset them.
 */
export function admitLogin(
  db: ArenaDb,
  config: Pick<ServerConfig, 'rateLimits' | 'loginLimits'>,
  ip: string,
  skeleton: string,
  now = Date.now(),
): LoginGate {
  const rules = rulesFor(config, addressKey(ip), skeleton)
  const verdict = takeThrottledAttempt(
    db,
    rules.map(({ rule }) => rule),
    now,
  )
  if (verdict.allowed) return verdict
  const what = rules.find(({ rule }) => rule.key === verdict.rule.key)?.what ?? 'log-in attempts'
  const retryInSeconds = Math.max(1, Math.ceil(verdict.retryInMs / 1000))
  return { allowed: false, message: `Too many ${what}: try again in ${retryInSeconds} s.`, retryInSeconds }
}

export function loginSucceeded(db: ArenaDb, ticket: ThrottleTicket): void {
  refundThrottledAttempt(db, ticket)
}
