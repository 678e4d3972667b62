import { readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadPack } from '../load/loadPack.ts'
import { readPack } from '../load/readPack.ts'
import { scaffoldChallenge } from '../scaffold/scaffoldChallenge.ts'
import { REPO_ROOT, tempRoot } from '../testing/tempRoot.ts'
import { typecheckChallenge } from './typecheckChallenge.ts'

let root: Awaited<ReturnType<typeof tempRoot>>
let packDir: string

beforeEach(async () => {
  root = await tempRoot()
  await scaffoldChallenge(root.dir, 'demo', 'sum-array')
  packDir = path.join(root.dir, 'demo')
})
afterEach(() => root.cleanup())

describe('typecheckChallenge', () => {
  it('accepts the scaffold', async () => {
    const [challenge] = (await loadPack(packDir)).challenges
    expect(typecheckChallenge(challenge!, 'demo/sum-array')).toEqual([])
  })

  it('reports an entry that does not match the signature, naming the solution file', async () => {
    await writeFile(
      path.join(packDir, 'sum-array', 'baseline.ts'),
      'export function solve(values: Float64Array): string {\n  return String(values.length)\n}\n',
    )
    const [challenge] = (await loadPack(packDir)).challenges
    const problems = typecheckChallenge(challenge!, 'demo/sum-array')
    expect(problems).toEqual([
      expect.objectContaining({
        file: path.join('demo/sum-array', 'baseline.ts'),
        field: 'solve',
        message: expect.stringMatching(/^does not match the signature: .*string.*number/s),
      }),
    ])
  })

  it('reports Node-only APIs: learner code runs without Node', async () => {
    await writeFile(
      path.join(packDir, 'sum-array', 'starter.ts'),
      "export function solve(values: Float64Array): number {\n  return Buffer.from('x').length + values.length\n}\n",
    )
    const [challenge] = (await loadPack(packDir)).challenges
    expect(typecheckChallenge(challenge!, 'demo/sum-array')).toEqual([
      expect.objectContaining({
        file: path.join('demo/sum-array', 'starter.ts'),
        line: 2,
        column: 10,
        message: "Cannot find name 'Buffer': learner code runs in a sandbox without Node's APIs",
      }),
    ])
  })
})

// The repository's own packs: every challenge of a pack that validates must type-check as learners see it.
describe('challenges/ in this repository', async () => {
  const challengesRoot = path.join(REPO_ROOT, 'challenges')
  const packs = (await readdir(challengesRoot, { withFileTypes: true })).filter((entry) =>
    entry.isDirectory(),
  )
  for (const entry of packs) {
    it(`${entry.name}: reference, baseline and starter fit the learner .d.ts`, async () => {
      const read = await readPack(path.join(challengesRoot, entry.name))
      // An invalid pack is `arena pack validate`'s to report; here only valid ones are type-checked.
      if (!read.ok) return
      for (const challenge of read.pack.challenges) {
        expect(typecheckChallenge(challenge, path.join('challenges', entry.name, challenge.id))).toEqual([])
      }
    })
  }
})
