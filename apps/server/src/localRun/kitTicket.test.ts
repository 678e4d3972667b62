import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'

const dir = mkdtempSync(path.join(tmpdir(), 'arena-kit-key-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const version = { challengeKey: 'fixture/sum-array', hash: 'a'.repeat(64) }

/** kitTicket.ts as a freshly started server loads it: a new module instance, nothing kept in memory. */
async function freshServerModule() {
  vi.resetModules()
  return import('./kitTicket.ts')
}

describe('kit tickets', () => {
  it('survive a restart: a ticket of one server instance verifies in the next on the same data folder', async () => {
    const place = { dbFile: path.join(dir, 'data', 'arena.sqlite') }
    const before = await freshServerModule()
    const ticket = before.kitTicket(place, { userId: 7, ...version })
    const after = await freshServerModule()
    expect(after).not.toBe(before)
    expect(after.kitTicketUser(place, ticket, version)).toBe(7)
    expect(after.kitTicketUser(place, ticket, { ...version, hash: 'b'.repeat(64) })).toBeUndefined()
  })

  it('keep their key owner-only beside the database, and another data folder does not take them', async () => {
    const place = { dbFile: path.join(dir, 'one', 'arena.sqlite') }
    const other = { dbFile: path.join(dir, 'two', 'arena.sqlite') }
    const tickets = await freshServerModule()
    const ticket = tickets.kitTicket(place, { userId: 3, ...version })
    expect(statSync(tickets.kitTicketKeyFile(place)).mode & 0o777).toBe(0o600)
    expect(path.dirname(tickets.kitTicketKeyFile(place))).toBe(path.dirname(place.dbFile))
    expect(tickets.kitTicketUser(other, ticket, version)).toBeUndefined()
  })

  it('replace a key file that is not a key (the old tickets then fail, new ones work)', async () => {
    const place = { dbFile: path.join(dir, 'cut', 'arena.sqlite') }
    const first = await freshServerModule()
    const ticket = first.kitTicket(place, { userId: 5, ...version })
    writeFileSync(first.kitTicketKeyFile(place), 'not a key')
    const next = await freshServerModule()
    expect(next.kitTicketUser(place, ticket, version)).toBeUndefined()
    expect(next.kitTicketUser(place, next.kitTicket(place, { userId: 5, ...version }), version)).toBe(5)
  })
})
