import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { formatProblem, type PackProblem } from '../problem.ts'
import { scaffoldChallenge } from '../scaffold/scaffoldChallenge.ts'
import { tempRoot } from '../testing/tempRoot.ts'
import { loadPack } from './loadPack.ts'
import { readPack } from './readPack.ts'
import { validatePack } from './validatePack.ts'

let root: Awaited<ReturnType<typeof tempRoot>>
let packDir: string
let challengeDir: string

beforeEach(async () => {
  root = await tempRoot()
  await scaffoldChallenge(root.dir, 'demo', 'sum-array')
  packDir = path.join(root.dir, 'demo')
  challengeDir = path.join(packDir, 'sum-array')
})
afterEach(() => root.cleanup())

async function edit(file: string, change: (text: string) => string) {
  const target = path.join(challengeDir, file)
  await writeFile(target, change(await readFile(target, 'utf8')))
}

function errors(problems: PackProblem[]) {
  return problems.filter((problem) => problem.severity === 'error')
}

describe('readPack', () => {
  it('reads a valid pack into typed challenges', async () => {
    const pack = await loadPack(packDir)
    expect(pack.config.id).toBe('demo')
    expect(pack.dir).toBe(packDir)
    expect(pack.hash).toMatch(/^[0-9a-f]{64}$/)
    const [challenge] = pack.challenges
    expect(challenge?.id).toBe('sum-array')
    expect(challenge?.config.entry).toBe('solve')
    // Defaults are filled in by the schema.
    expect(challenge?.config.limits.outputKb).toBe(64)
    expect(challenge?.files.reference).toBe(path.join(challengeDir, 'reference.ts'))
    expect(challenge?.sources.reference).toContain('export function solve')
    expect(challenge?.sources.readmeKo).toContain('배열')
    expect(challenge?.wrongSolutions.map((wrong) => [wrong.name, wrong.expect])).toEqual([
      ['no-initial-value', 'RuntimeError'],
      ['quadratic', 'TimeLimit'],
      ['skips-last', 'WrongAnswer'],
    ])
    expect(await validatePack(packDir)).toEqual([])
  })

  it('names the file, the field and the reason of a schema error, with its line', async () => {
    await edit('challenge.yaml', (text) => text.replace('memoryMb: 100', 'memoryMb: 4'))
    const problems = errors(await validatePack(packDir))
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({
      file: path.join(packDir, 'sum-array', 'challenge.yaml'),
      field: 'limits.memoryMb',
      message: 'Number must be at least 8',
    })
    expect(problems[0]?.line).toBe(
      (await readFile(path.join(challengeDir, 'challenge.yaml'), 'utf8'))
        .split('\n')
        .indexOf('  memoryMb: 4') + 1,
    )
    expect(formatProblem(problems[0]!)).toMatch(
      /challenge\.yaml: limits\.memoryMb: Number must be at least 8 \(line \d+\)$/,
    )
  })

  it('reports every problem at once, not just the first', async () => {
    await edit('challenge.yaml', (text) =>
      text
        .replace('topic: vectorization', 'topic: cooking')
        .replace('xp: 10', 'xp: -1')
        .replace('clock: cpu', 'clok: cpu'),
    )
    await rm(path.join(challengeDir, 'starter.ts'))
    const problems = errors(await validatePack(packDir))
    expect(problems.map((problem) => [problem.field, problem.message])).toEqual(
      expect.arrayContaining([
        ['topic', expect.stringContaining('expected one of "memory-hierarchy"')],
        ['xp', 'Number must be greater than 0'],
        ['clok', 'unknown field'],
        [undefined, 'starter.ts missing'],
      ]),
    )
  })

  it('names a missing file', async () => {
    await rm(path.join(challengeDir, 'tests.ts'))
    const problems = errors(await validatePack(packDir))
    expect(problems).toEqual([
      { file: path.join(packDir, 'sum-array'), message: 'tests.ts missing', severity: 'error' },
    ])
  })

  it('rejects a folder name that differs from the id', async () => {
    await rename(challengeDir, path.join(packDir, 'sum'))
    await writeFile(
      path.join(packDir, 'pack.yaml'),
      (await readFile(path.join(packDir, 'pack.yaml'), 'utf8')).replace('- sum-array', '- sum'),
    )
    const problems = errors(await validatePack(packDir))
    expect(problems).toEqual([
      expect.objectContaining({
        file: path.join(packDir, 'sum', 'challenge.yaml'),
        field: 'id',
        message: '"sum-array" differs from its folder name "sum"',
      }),
    ])
  })

  it('rejects a challenge listed in pack.yaml without a folder', async () => {
    const packFile = path.join(packDir, 'pack.yaml')
    await writeFile(packFile, `${await readFile(packFile, 'utf8')}  - external-sort\n`)
    const problems = errors(await validatePack(packDir))
    expect(problems).toEqual([
      expect.objectContaining({
        file: packFile,
        field: 'challenges.1',
        message: 'no folder "external-sort" next to pack.yaml',
        line: 8,
      }),
    ])
  })

  it('rejects a wrong solution whose header names an unknown verdict', async () => {
    await edit('solutions/wrong/skips-last.ts', (text) =>
      text.replace('@expect WrongAnswer', '@expect Wrong'),
    )
    const problems = errors(await validatePack(packDir))
    expect(problems).toEqual([
      expect.objectContaining({
        file: path.join(packDir, 'sum-array', 'solutions', 'wrong', 'skips-last.ts'),
        message: expect.stringContaining('unknown verdict "Wrong"'),
        line: 1,
      }),
    ])
  })

  it('rejects a reference that does not export the entry', async () => {
    await edit('reference.ts', (text) => text.replace('export function solve', 'export function sum'))
    const problems = errors(await validatePack(packDir))
    expect(problems).toEqual([
      expect.objectContaining({
        file: path.join(packDir, 'sum-array', 'reference.ts'),
        message: 'does not export the entry function "solve"',
      }),
    ])
  })

  it('reports YAML syntax errors with their line', async () => {
    await edit('challenge.yaml', (text) => text.replace('xp: 10', 'xp: [10'))
    const problems = errors(await validatePack(packDir))
    expect(problems[0]).toMatchObject({ message: expect.stringMatching(/^YAML: /), line: expect.any(Number) })
  })

  it('checks pack.yaml itself and still checks the challenges it lists', async () => {
    const packFile = path.join(packDir, 'pack.yaml')
    await writeFile(packFile, (await readFile(packFile, 'utf8')).replace(/^title: .*$/m, 'title: ""'))
    await edit('challenge.yaml', (text) => text.replace('difficulty: easy', 'difficulty: trivial'))
    const problems = errors(await validatePack(packDir))
    expect(problems.map((problem) => [path.basename(problem.file), problem.field])).toEqual([
      ['pack.yaml', 'title'],
      ['challenge.yaml', 'difficulty'],
    ])
  })

  it('warns about a challenge folder that pack.yaml does not list', async () => {
    await mkdir(path.join(packDir, 'draft'))
    await writeFile(path.join(packDir, 'draft', 'challenge.yaml'), 'id: draft\n')
    const result = await readPack(packDir)
    expect(result.ok).toBe(true)
    expect(result.problems).toEqual([
      expect.objectContaining({ file: path.join(packDir, 'draft'), severity: 'warning' }),
    ])
  })

  it('names the folder when pack.yaml or the folder is missing', async () => {
    await rm(path.join(packDir, 'pack.yaml'))
    expect(await validatePack(packDir)).toEqual([
      { file: packDir, message: 'pack.yaml missing', severity: 'error' },
    ])
    expect(await validatePack(path.join(root.dir, 'nope'))).toEqual([
      { file: path.join(root.dir, 'nope'), message: 'no such folder', severity: 'error' },
    ])
  })

  it('makes loadPack throw a coded error holding every problem', async () => {
    await rm(path.join(challengeDir, 'baseline.ts'))
    await rm(path.join(challengeDir, 'README.md'))
    const error = await loadPack(packDir).catch((caught: unknown) => caught)
    expect(error).toMatchObject({ code: 'ARENA_PACK_INVALID', problems: { length: 2 } })
    expect(String(error)).toContain('baseline.ts missing')
  })
})
