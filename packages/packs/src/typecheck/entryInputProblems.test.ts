import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { loadPack } from '../load/loadPack.ts'
import { scaffoldChallenge } from '../scaffold/scaffoldChallenge.ts'
import { tempRoot } from '../testing/tempRoot.ts'
import { entryInputProblems } from './entryInputProblems.ts'

// Outside the repository on purpose: the probe resolves tests.ts's authoring API wherever the pack lies.
let root: Awaited<ReturnType<typeof tempRoot>>
let challengeDir: string

beforeEach(async () => {
  root = await tempRoot()
  challengeDir = (await scaffoldChallenge(root.dir, 'demo', 'sum-array')).dir
})
afterEach(() => root.cleanup())

async function edit(file: string, from: string, to: string) {
  const target = path.join(challengeDir, file)
  const text = await readFile(target, 'utf8')
  expect(text).toContain(from)
  await writeFile(target, text.replace(from, to))
}

async function problems() {
  const [challenge] = (await loadPack(path.join(root.dir, 'demo'))).challenges
  return entryInputProblems(challenge!, 'demo/sum-array')
}

it('accepts the scaffold: one parameter, of the type generate() returns', async () => {
  expect(await problems()).toEqual([])
})

it('reports a two-parameter entry in the signature and in each solution, naming file and count', async () => {
  // The outside instructor's conversion (issue 19.10): `solve(values, n)` everywhere.
  await edit(
    'challenge.yaml',
    'function solve(values: Input): number',
    'function solve(values: Input, n: number): number',
  )
  for (const file of ['reference.ts', 'baseline.ts'])
    await edit(file, '(values: Float64Array)', '(values: Float64Array, n: number)')
  await edit('starter.ts', '(_values: Float64Array)', '(values: Float64Array, n: number)')
  const called = '`solve` is called with one argument, the value `generate()` returns (Input = Float64Array)'
  expect(await problems()).toEqual([
    {
      file: path.join('demo/sum-array', 'challenge.yaml'),
      field: 'signature',
      message: `${called}; \`solve(values, n)\` takes 2`,
      severity: 'error',
    },
    ...['reference.ts', 'baseline.ts', 'starter.ts'].map((file) => ({
      file: path.join('demo/sum-array', file),
      field: 'solve',
      message: `${called}; \`solve(values, n)\` takes 2`,
      severity: 'error',
    })),
  ])
})

it("reports a parameter that does not accept generate()'s value", async () => {
  await edit(
    'challenge.yaml',
    'function solve(values: Input): number',
    'function solve(values: number[]): number',
  )
  expect(await problems()).toEqual([
    expect.objectContaining({
      file: path.join('demo/sum-array', 'challenge.yaml'),
      field: 'signature',
      message: expect.stringMatching(
        /returns \(Input = Float64Array\); its parameter `values: number\[\]` does not accept it/,
      ),
    }),
  ])
})

// Issue 19.11: a size with named parameters, checked against the size generate() declares.
it("accepts named sizes that generate's size parameter declares", async () => {
  await edit(
    'tests.ts',
    'defineTests<Input, Output>({',
    'defineTests<Input, Output, { n: number; w: number }>({',
  )
  await edit('tests.ts', 'generate(seed, size) {', 'generate(seed, { n: size, w }) {\n    void w')
  await edit(
    'tests.ts',
    "{ name: 'ten thousand', seed: 1, size: 10_000 }",
    "{ name: 'ten thousand', seed: 1, size: { n: 10_000, w: 10 } }",
  )
  await edit('tests.ts', 'sizes: [10, 1_000, 1_000_000]', 'sizes: [{ n: 10, w: 1 }]')
  await edit('challenge.yaml', 'warmupSize: 10000', 'warmupSize: { n: 10000, w: 10 }')
  await edit('challenge.yaml', 'size: 1000000 }', 'size: { n: 1000000, w: 100 } }')
  await edit('challenge.yaml', 'size: 2000000 }', 'size: { n: 2000000, w: 1000 } }')
  expect(await problems()).toEqual([])
})

it('reports each size of challenge.yaml that generate() does not take, naming its field and the type', async () => {
  // challenge.yaml moved to named parameters; tests.ts still takes one number.
  await edit('challenge.yaml', 'warmupSize: 10000', 'warmupSize: { n: 10000, w: 10 }')
  await edit('challenge.yaml', 'size: 1000000 }', 'size: { n: 1000000, w: 100 } }')
  await edit('challenge.yaml', 'size: 2000000 }', 'size: { n: 2000000, w: 1000 } }')
  const found = await problems()
  expect(found.map((problem) => problem.field)).toEqual([
    'perf.cases[0].size',
    'perf.cases[1].size',
    'perf.warmupSize',
  ])
  expect(found[0]).toMatchObject({
    file: path.join('demo/sum-array', 'challenge.yaml'),
    severity: 'error',
    message: expect.stringContaining(
      'perf.cases[0].size is { n: 1000000, w: 100 }, which generate(seed, size) in tests.ts does not take: its size is number',
    ),
  })
})

it('reports a named size missing a parameter generate() reads', async () => {
  await edit(
    'tests.ts',
    'defineTests<Input, Output>({',
    'defineTests<Input, Output, { n: number; w: number }>({',
  )
  await edit('tests.ts', 'generate(seed, size) {', 'generate(seed, { n: size, w }) {\n    void w')
  await edit(
    'tests.ts',
    "{ name: 'ten thousand', seed: 1, size: 10_000 }",
    "{ name: 'ten thousand', seed: 1, size: { n: 10_000, w: 10 } }",
  )
  await edit('tests.ts', 'sizes: [10, 1_000, 1_000_000]', 'sizes: [{ n: 10, w: 1 }]')
  await edit('challenge.yaml', 'warmupSize: 10000', 'warmupSize: { n: 10000 }')
  await edit('challenge.yaml', 'size: 2000000 }', 'size: { n: 2000000 } }')
  await edit('challenge.yaml', 'size: 1000000 }', 'size: { n: 1000000 } }')
  const found = await problems()
  expect(found.map((problem) => problem.field)).toEqual([
    'perf.cases[0].size',
    'perf.cases[1].size',
    'perf.warmupSize',
  ])
  expect(found[0]?.message).toMatch(/its size is \{ n: number; w: number; \}.*'w'/)
})
