// The tests bundle cache under concurrency: a runner's Submit slot and Run lane bundle the same tests.ts
// at the same moment in one process (the fleet test lost gradings to it as InternalError, ENOENT on
// the rename of a shared temporary name).
import { randomUUID } from 'node:crypto'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { bundleTests } from './bundleTests.ts'

const FIXTURE = path.resolve(
  import.meta.dirname,
  '../../../../tests/fixtures/packs/fixture/sum-array/tests.ts',
)
const dir = mkdtempSync(path.join(tmpdir(), 'arena-bundle-race-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

it('bundles one new tests.ts from many calls at once in one process: one file, no error', async () => {
  const challenge = path.join(dir, 'pack', 'sum-array')
  mkdirSync(challenge, { recursive: true })
  const testsFile = path.join(challenge, 'tests.ts')
  copyFileSync(FIXTURE, testsFile)
  // New content, so no call finds the bundle already cached.
  writeFileSync(testsFile, `${readFileSync(FIXTURE, 'utf8')}\n// ${randomUUID()}\n`)
  const files = await Promise.all(Array.from({ length: 8 }, () => bundleTests(testsFile)))
  expect(new Set(files).size).toBe(1)
  expect(readFileSync(files[0]!, 'utf8')).toContain('__arena_pack_bundle')
})
