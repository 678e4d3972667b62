import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { storePackVersion } from '../packs/packStore.ts'
import { FIXTURE_PACKS } from '../testing/testServer.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'arena-private-store-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the pack store (every version with its hidden cases and reference)', () => {
  it('is 0700, also when the folder existed with looser modes', async () => {
    const store = path.join(dir, 'pack-versions')
    mkdirSync(store)
    chmodSync(store, 0o755)
    await storePackVersion(store, path.join(FIXTURE_PACKS, 'fixture'), 'a'.repeat(64), 'fixture')
    expect(statSync(store).mode & 0o777).toBe(0o700)
    const fresh = path.join(dir, 'fresh', 'pack-versions')
    await storePackVersion(fresh, path.join(FIXTURE_PACKS, 'fixture'), 'b'.repeat(64), 'fixture')
    expect(statSync(fresh).mode & 0o777).toBe(0o700)
  })
})
