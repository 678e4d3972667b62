import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { validatePack } from '../load/validatePack.ts'
import { REPO_ROOT, tempRoot } from '../testing/tempRoot.ts'
import { TOPIC_DESCRIPTIONS, TOPICS } from '../vocabulary.ts'
import { scaffoldChallenge } from './scaffoldChallenge.ts'

let root: Awaited<ReturnType<typeof tempRoot>>

beforeEach(async () => {
  root = await tempRoot()
})
afterEach(() => root.cleanup())

it('creates a pack with a challenge that validatePack accepts', async () => {
  const result = await scaffoldChallenge(root.dir, 'demo', 'sum-array')
  expect(result.packCreated).toBe(true)
  expect(result.files).toEqual(
    expect.arrayContaining([
      'challenge.yaml',
      'README.md',
      'starter.ts',
      'baseline.ts',
      'reference.ts',
      'tests.ts',
    ]),
  )
  expect(await validatePack(path.join(root.dir, 'demo'))).toEqual([])
})

it('points the editor at the JSON Schema', async () => {
  await scaffoldChallenge(root.dir, 'demo', 'sum-array')
  const yaml = await readFile(path.join(root.dir, 'demo', 'sum-array', 'challenge.yaml'), 'utf8')
  const hint = /^# yaml-language-server: \$schema=(.+)$/m.exec(yaml)?.[1]
  const schema = path.resolve(root.dir, 'demo', 'sum-array', hint ?? '')
  expect(JSON.parse(await readFile(schema, 'utf8'))).toMatchObject({ title: 'Alpaca Arena challenge.yaml' })
})

it("appends to an existing pack.yaml and keeps the author's comments", async () => {
  const packFile = path.join(root.dir, 'demo', 'pack.yaml')
  await scaffoldChallenge(root.dir, 'demo', 'first')
  await writeFile(
    packFile,
    (await readFile(packFile, 'utf8')).replace('challenges:', '# in course order\nchallenges:'),
  )
  const result = await scaffoldChallenge(root.dir, 'demo', 'second')
  expect(result.packCreated).toBe(false)
  const text = await readFile(packFile, 'utf8')
  expect(text).toContain('# in course order')
  expect(text).toMatch(/- first\n\s+- second\n$/)
  expect(await validatePack(path.join(root.dir, 'demo'))).toEqual([])
})

it('refuses to overwrite a challenge', async () => {
  await scaffoldChallenge(root.dir, 'demo', 'sum-array')
  await expect(scaffoldChallenge(root.dir, 'demo', 'sum-array')).rejects.toMatchObject({
    code: 'ARENA_CHALLENGE_EXISTS',
  })
})

// The guide, the scaffold and the schema agree (issue 19.12): the signature exports its entry as the
// guide's does, and the topic line lists every topic with its description.
it("writes the guide's signature form and every topic's description", async () => {
  const { dir } = await scaffoldChallenge(root.dir, 'demo', 'sum-array')
  const config = await readFile(path.join(dir, 'challenge.yaml'), 'utf8')
  expect(config).toContain('  export function solve(values: Input): number\n')
  const guide = await readFile(path.join(REPO_ROOT, 'challenges', 'README.md'), 'utf8')
  expect(guide).toMatch(/^ {2}export function solve\(input: Input\): Float64Array;$/m)
  for (const topic of TOPICS) {
    expect(config).toContain(`#   ${topic}: ${TOPIC_DESCRIPTIONS[topic].en}\n`)
    expect(guide).toContain(`| \`${topic}\` | ${TOPIC_DESCRIPTIONS[topic].en} |`)
  }
})
