import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadPack } from '@arena/packs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PackVersionMissingError, PackVersions } from './PackVersions.ts'

const FIXTURES = fileURLToPath(new URL('../../../tests/fixtures/packs', import.meta.url))
let dir: string

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'arena-runner-packs-'))
  cpSync(FIXTURES, path.join(dir, 'challenges'), { recursive: true })
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('PackVersions', () => {
  it('finds the pack version a job names by hash, in challenges/ or in the store', async () => {
    const challenges = path.join(dir, 'challenges')
    const original = await loadPack(path.join(challenges, 'fixture'))
    // The server's store keeps the original; the instructor then edits the pack.
    cpSync(path.join(challenges, 'fixture'), path.join(dir, 'store', original.hash, 'fixture'), {
      recursive: true,
    })
    appendFileSync(path.join(challenges, 'fixture/sum-array/README.md'), '\nedited\n')
    const edited = await loadPack(path.join(challenges, 'fixture'))

    const versions = new PackVersions(challenges, path.join(dir, 'store'))
    expect((await versions.pack('fixture', edited.hash)).dir).toBe(path.join(challenges, 'fixture'))
    const old = await versions.challenge('fixture', original.hash, 'sum-array')
    expect(old.pack.dir).toBe(path.join(dir, 'store', original.hash, 'fixture'))
    expect(old.challenge.sources.readme).not.toMatch(/edited/)

    await expect(versions.pack('fixture', 'f'.repeat(64))).rejects.toBeInstanceOf(PackVersionMissingError)
    await expect(versions.challenge('fixture', edited.hash, 'no-such')).rejects.toThrow(
      /no challenge "no-such"/,
    )
  })
})
