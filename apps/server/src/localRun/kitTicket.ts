import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/**
 * A kit is imported by the local-run worker on the sandbox origin, where the app's session cookie is
 * not sent. So the app hands a logged-in viewer a ticket for one challenge version, and the kit route
 * answers only to it: who (the user, whose right to see the challenge is checked again on each
 * request), what (pack, slug, hash) and until when, signed with the server's kit key. The key lives in
 * the data folder beside the database (kitTicketKeyFile), so a restart keeps open pages' tickets good.
 */
/** A page left open longer fetches the challenge again before a local run. */
export const KIT_TICKET_HOURS = 12
const KEY_BYTES = 32
/** Owner-only, as the database beside it. */
const PRIVATE_FILE_MODE = 0o600

/**
 * The user of a visitor's ticket (no account: user ids start at 1). It opens only kits of packs that
 * everyone may see, checked again on each request: a first visit can Run locally before signing up.
 */
export const VISITOR_TICKET_USER = 0

export interface KitTicketClaim {
  userId: number
  challengeKey: string
  hash: string
}

/** Where a server keeps its kit key: the folder of its database (`dbFile`), owner-only. */
export interface KitTicketPlace {
  dbFile: string
}

export function kitTicket(place: KitTicketPlace, claim: KitTicketClaim, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + KIT_TICKET_HOURS * 3600
  const body = `${claim.userId}.${expires}`
  return `${body}.${signature(kitKey(place), body, claim)}`
}

/** The ticket's user when it is genuine, unexpired and for this challenge version; undefined otherwise. */
export function kitTicketUser(
  place: KitTicketPlace,
  ticket: unknown,
  version: Omit<KitTicketClaim, 'userId'>,
  now = Date.now(),
): number | undefined {
  if (typeof ticket !== 'string' || ticket.length > 200) return undefined
  const match = /^(\d{1,12})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(ticket)
  if (!match) return undefined
  const [, user, expires, given] = match as unknown as [string, string, string, string]
  const userId = Number(user)
  if (Number(expires) * 1000 < now) return undefined
  const expected = Buffer.from(signature(kitKey(place), `${user}.${expires}`, { ...version, userId }))
  const actual = Buffer.from(given)
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? userId : undefined
}

export function kitTicketKeyFile(place: KitTicketPlace): string {
  return path.join(path.dirname(path.resolve(place.dbFile)), 'kit-ticket.key')
}

function signature(key: Buffer, body: string, claim: KitTicketClaim): string {
  return createHmac('sha256', key)
    .update(`arena-kit\n${body}\n${claim.challengeKey}\n${claim.hash}`)
    .digest('base64url')
}

// Read once per key file and process (several test servers in one process each have their own).
const keys = new Map<string, Buffer>()

function kitKey(place: KitTicketPlace): Buffer {
  const file = kitTicketKeyFile(place)
  let key = keys.get(file)
  if (!key) {
    key = readOrCreateKey(file)
    keys.set(file, key)
  }
  return key
}

/**
 * The key of the file, created on first use with 0600 (`wx`: of two servers starting at once, one
 * writes and both read the same key). A file that is not a key (cut short, edited) is replaced, which
 * only asks open pages to fetch their challenge again.
 */
function readOrCreateKey(file: string): Buffer {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  try {
    fs.writeFileSync(file, randomBytes(KEY_BYTES).toString('hex'), { flag: 'wx', mode: PRIVATE_FILE_MODE })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  if ((fs.statSync(file).mode & 0o777) !== PRIVATE_FILE_MODE) fs.chmodSync(file, PRIVATE_FILE_MODE)
  const text = fs.readFileSync(file, 'utf8').trim()
  if (/^[0-9a-f]{64}$/.test(text)) return Buffer.from(text, 'hex')
  const fresh = randomBytes(KEY_BYTES)
  fs.writeFileSync(file, fresh.toString('hex'), { mode: PRIVATE_FILE_MODE })
  return fresh
}
