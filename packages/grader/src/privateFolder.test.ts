import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { childScratchRoot, scratchParent } from './child/scratch.ts'
import { bundleTests } from './compile/bundleTests.ts'
import { ensurePrivateFolder, PrivateFolderError } from './privateFolder.ts'

const TESTS_FILE = fileURLToPath(
  new URL('../../../tests/fixtures/packs/fixture/sum-array/tests.ts', import.meta.url),
)
const dir = mkdtempSync(path.join(tmpdir(), 'arena-private-folder-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const modeOf = (file: string) => statSync(file).mode & 0o777

describe('folders holding bundled tests and hidden inputs', () => {
  it('keeps the bundle cache 0700 and each bundle 0600, also after the folder was left world-readable', async () => {
    const first = await bundleTests(TESTS_FILE)
    chmodSync(path.dirname(first), 0o755)
    chmodSync(first, 0o644)
    const again = await bundleTests(TESTS_FILE)
    expect(again).toBe(first)
    expect(modeOf(path.dirname(again))).toBe(0o700)
    expect(modeOf(again)).toBe(0o600)
  })

  it("keeps the sandbox children's scratch folder (generated inputs) 0700", () => {
    const parent = scratchParent()
    mkdirSync(parent, { recursive: true })
    chmodSync(parent, 0o777)
    childScratchRoot()
    expect(modeOf(parent)).toBe(0o700)
  })

  it('makes missing folders 0700 and refuses a link planted where the folder should be', () => {
    const made = ensurePrivateFolder(path.join(dir, 'a', 'b'))
    expect(modeOf(made)).toBe(0o700)
    mkdirSync(path.join(dir, 'elsewhere'))
    symlinkSync(path.join(dir, 'elsewhere'), path.join(dir, 'planted'))
    expect(() => ensurePrivateFolder(path.join(dir, 'planted'))).toThrow(PrivateFolderError)
  })
})
