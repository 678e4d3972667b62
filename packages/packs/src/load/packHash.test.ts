import { cp, mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { scaffoldChallenge } from '../scaffold/scaffoldChallenge.ts'
import { tempRoot } from '../testing/tempRoot.ts'
import { packHash } from './packHash.ts'

let root: Awaited<ReturnType<typeof tempRoot>>
let packDir: string

beforeEach(async () => {
  root = await tempRoot()
  await scaffoldChallenge(root.dir, 'demo', 'sum-array')
  packDir = path.join(root.dir, 'demo')
})
afterEach(() => root.cleanup())

it('is the same for the same content, wherever the pack lies', async () => {
  const copy = path.join(root.dir, 'elsewhere', 'demo')
  await cp(packDir, copy, { recursive: true })
  expect(await packHash(copy)).toBe(await packHash(packDir))
  expect(await packHash(packDir)).toBe(await packHash(packDir))
})

it('changes when a byte, a file name or a new file changes', async () => {
  const before = await packHash(packDir)
  const readme = path.join(packDir, 'sum-array', 'README.md')
  await writeFile(readme, 'changed')
  const edited = await packHash(packDir)
  expect(edited).not.toBe(before)

  await writeFile(path.join(packDir, 'sum-array', 'notes.md'), '')
  expect(await packHash(packDir)).not.toBe(edited)
})

it('ignores dot-files and node_modules', async () => {
  const before = await packHash(packDir)
  await writeFile(path.join(packDir, '.DS_Store'), 'x')
  await mkdir(path.join(packDir, 'node_modules'))
  await writeFile(path.join(packDir, 'node_modules', 'x.js'), 'x')
  expect(await packHash(packDir)).toBe(before)
})
