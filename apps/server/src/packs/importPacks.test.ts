import { appendFileSync, cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  type ArenaDb,
  createUser,
  findCurrentChallenge,
  findUserSubmission,
  insertSubmission,
  listPackVersions,
  openDatabase,
} from '@arena/db'
import { loadPack } from '@arena/packs'
import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FIXTURE_PACKS } from '../testing/testServer.ts'
import { importPacks } from './importPacks.ts'
import { packVersionDir } from './packStore.ts'

const log = pino({ level: 'silent' })
let dir: string
let challengesDir: string
let packStoreDir: string
let db: ArenaDb

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'arena-import-'))
  challengesDir = path.join(dir, 'challenges')
  packStoreDir = path.join(dir, 'pack-versions')
  cpSync(FIXTURE_PACKS, challengesDir, { recursive: true })
  db = openDatabase(path.join(dir, 'arena.sqlite'), { migrate: true })
})

afterEach(() => {
  db.$client.close()
  rmSync(dir, { recursive: true, force: true })
})

const options = () => ({ challengesDir, packStoreDir })

describe('importPacks', () => {
  it('imports a pack once per content: unchanged is a no-op, changed is a new version', async () => {
    const [first] = await importPacks(db, options(), log)
    expect(first).toMatchObject({ packId: 'fixture', status: 'imported', version: 1 })
    const challenge = findCurrentChallenge(db, 'fixture/sum-array')
    expect(challenge?.challenge).toMatchObject({
      title: 'Sum an array',
      titleKo: '배열의 합',
      topic: 'vectorization',
      samples: [
        { name: 'three numbers', input: 'Float64Array(3) [1, 2, 3]' },
        { name: 'empty', input: 'Float64Array(0) []' },
      ],
    })
    expect(challenge?.challenge.dts).toMatch(/export function solve\(input: Input\): Output|function solve/)
    expect(challenge?.challenge.statementKo).toMatch(/배열의 합/)

    expect(await importPacks(db, options(), log)).toMatchObject([{ status: 'unchanged', version: 1 }])
    expect(listPackVersions(db, 'fixture')).toHaveLength(1)

    // A learner submits on version 1, then the instructor edits the statement.
    const user = createUser(db, { username: 'learner', passwordHash: 'x' })!
    const submission = insertSubmission(db, {
      userId: user.id,
      challengeId: challenge!.challenge.id,
      challengeKey: 'fixture/sum-array',
      packHash: challenge!.pack.hash,
      source: 'export const solve = () => 0',
      mode: 'samples',
      runnerClass: 'cpu',
    })
    appendFileSync(path.join(challengesDir, 'fixture/sum-array/README.md'), '\nNow with a hint.\n')
    expect(await importPacks(db, options(), log)).toMatchObject([{ status: 'imported', version: 2 }])

    const versions = listPackVersions(db, 'fixture')
    expect(versions.map((version) => [version.version, version.current])).toEqual([
      [1, false],
      [2, true],
    ])
    expect(findCurrentChallenge(db, 'fixture/sum-array')?.challenge.statement).toMatch(/Now with a hint/)
    expect(findUserSubmission(db, submission.id, user.id)).toMatchObject({ packVersion: 1 })

    // Both versions stay gradable from the store, each exactly as it was imported.
    for (const version of versions) {
      const stored = await loadPack(packVersionDir(packStoreDir, version.hash, 'fixture'))
      expect(stored.hash).toBe(version.hash)
    }
  })

  it('keeps serving the last good version of a pack that became invalid', async () => {
    await importPacks(db, options(), log)
    writeFileSync(
      path.join(challengesDir, 'fixture/sum-array/challenge.yaml'),
      'id: sum-array\ntitle: [broken\n',
    )
    expect(await importPacks(db, options(), log)).toMatchObject([{ packId: 'fixture', status: 'invalid' }])
    expect(findCurrentChallenge(db, 'fixture/sum-array')?.pack.version).toBe(1)
  })

  it('never runs a tests.ts on the server: a hostile one is run in the sandbox, where it reaches nothing', async () => {
    const marker = path.join(dir, 'marker')
    writeFileSync(
      path.join(challengesDir, 'fixture/sum-array/tests.ts'),
      `import { defineTests } from '@arena/grader/authoring'
const g = globalThis as any
const host = g.process ?? Function('return this')().process
host?.getBuiltinModule?.('fs').writeFileSync(${JSON.stringify(marker)}, 'ran on the server')
const seen = ['process', 'require', 'fetch', 'Buffer'].filter((name) => g[name] !== undefined)
export default defineTests<Float64Array, number>({
  generate: (seed, size) => new Float64Array(size).fill(seed),
  check: () => true,
  describe: (input) => \`\${input.length} numbers; host globals seen: [\${seen.join(', ')}]\`,
  samples: [{ name: 'three numbers', input: Float64Array.of(1, 2, 3) }, { name: 'generated', seed: 1, size: 4 }],
  hidden: [],
})
`,
    )
    expect(await importPacks(db, options(), log)).toMatchObject([{ packId: 'fixture', status: 'imported' }])
    // The excerpts were built by describe, in the pack-code isolate: no host global there (the values
    // beside them are the input as it came out of that isolate).
    expect(findCurrentChallenge(db, 'fixture/sum-array')?.challenge.samples).toEqual([
      {
        name: 'three numbers',
        input: '3 numbers; host globals seen: []',
        values: 'Float64Array(3) [1, 2, 3]',
      },
      {
        name: 'generated',
        input: '4 numbers; host globals seen: []',
        values: 'Float64Array(4) [1, 1, 1, 1]',
      },
    ])
    expect(existsSync(marker)).toBe(false)
  })

  it('refuses a pack whose tests.ts fails at its top level (reading process.env), keeping the last good version', async () => {
    await importPacks(db, options(), log)
    appendFileSync(
      path.join(challengesDir, 'fixture/sum-array/tests.ts'),
      '\nexport const token = (globalThis as any).process.env.ARENA_RUNNER_TOKEN\n',
    )
    expect(await importPacks(db, options(), log)).toMatchObject([{ packId: 'fixture', status: 'invalid' }])
    expect(findCurrentChallenge(db, 'fixture/sum-array')?.pack.version).toBe(1)
  })

  it('hides the challenges of a pack removed from the folder', async () => {
    await importPacks(db, options(), log)
    rmSync(path.join(challengesDir, 'fixture'), { recursive: true })
    expect(await importPacks(db, options(), log)).toEqual([])
    expect(findCurrentChallenge(db, 'fixture/sum-array')).toBeUndefined()
  })
})
