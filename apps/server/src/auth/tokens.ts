import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

export const SESSION_COOKIE = 'arena_session'
export const CSRF_COOKIE = 'arena_csrf'
export const CSRF_HEADER = 'x-csrf-token'
export const SESSION_DAYS = 30

const TOKEN = /^[A-Za-z0-9_-]{43}$/

export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

export function isToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN.test(value)
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}
