import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { ProcessPool } from '@arena/sandbox'
import { afterAll, describe, expect, it } from 'vitest'
import { packCodeFor } from '../packCode.ts'
import { sumArrayChallenge } from '../testing/sumArrayChallenge.ts'
import { callPackPlan } from '../trial/sandboxCalls.ts'
import { bundleSampleKit, SampleKitError } from './bundleSampleKit.ts'
import { bundleTests } from './bundleTests.ts'

const CORE = fileURLToPath(new URL('../../../../challenges/core/', import.meta.url))
const dir = mkdtempSync(path.join(tmpdir(), 'arena-sample-kit-'))
// The case lists to compare with are read where pack code runs: a sandbox child's pack-code isolate.
const pool = new ProcessPool({ size: 1 })
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  await pool.close()
})

interface Tests {
  samples: { name: string }[]
  hidden: { name: string }[]
  generated?: unknown
}

async function importText(text: string, name: string): Promise<Record<string, unknown>> {
  const file = path.join(dir, `${name}-${Math.random().toString(36).slice(2)}.mjs`)
  writeFileSync(file, text)
  return import(pathToFileURL(file).href)
}

describe('bundleSampleKit', () => {
  const challenges = readdirSync(CORE, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .filter((slug) => readdirSync(path.join(CORE, slug)).includes('tests.ts'))

  it.each(challenges)('%s: keeps the samples and the checker, none of the hidden cases', async (slug) => {
    const testsFile = path.join(CORE, slug, 'tests.ts')
    const kit = await bundleSampleKit(testsFile)
    const original: Tests = await callPackPlan(
      pool,
      packCodeFor({ ...sumArrayChallenge(), id: `core/${slug}` }, await bundleTests(testsFile)),
    )
    const module = (await importText(kit, slug)) as { tests: Tests; judgeOutput: unknown; caseInput: unknown }
    expect(module.tests.hidden).toEqual([])
    expect(module.tests.generated).toBeUndefined()
    expect(module.tests.samples.map((sample) => sample.name)).toEqual(
      original.samples.map((sample) => sample.name),
    )
    expect(typeof module.judgeOutput).toBe('function')
    expect(typeof module.caseInput).toBe('function')
    for (const hidden of original.hidden) {
      if (original.samples.some((sample) => sample.name === hidden.name)) continue
      expect(kit).not.toContain(hidden.name)
    }
  })

  it('drops hidden inputs built by top-level helpers and named constants', async () => {
    const testsFile = path.join(dir, 'tests.ts')
    writeFileSync(
      testsFile,
      `import { defineTests } from '@arena/grader/authoring'
function make(seed: number): number[] { return [seed, seed + 1] }
const secretInput = make(987654321)
const hiddenCases = [{ name: 'the secret one', input: secretInput }, { name: 'another', input: make(55555) }]
export default defineTests<number[]>({
  generate: (seed) => make(seed),
  check: (input, output) => output === input.length || 'wrong length',
  samples: [{ name: 'visible', input: make(1) }],
  hidden: hiddenCases,
  generated: { count: 3, sizes: [4242] },
})
`,
    )
    const kit = await bundleSampleKit(testsFile)
    for (const secret of ['987654321', '55555', 'the secret one', '4242']) expect(kit).not.toContain(secret)
    const module = (await importText(kit, 'synthetic')) as {
      tests: { samples: unknown[] }
      caseInput(tests: unknown, ref: unknown, ctx: unknown): unknown
      judgeOutput(tests: unknown, input: unknown, output: unknown, ctx: unknown): unknown
    }
    const input = module.caseInput(module.tests, { kind: 'sample', index: 0 }, {})
    expect(input).toEqual([1, 2])
    expect(module.judgeOutput(module.tests, input, 3, {})).toMatchObject({
      ok: false,
      message: 'wrong length',
    })
  })

  it('refuses tests.ts it cannot cut the hidden cases out of', async () => {
    const testsFile = path.join(dir, 'odd.ts')
    writeFileSync(
      testsFile,
      `const tests = { samples: [], check: () => true }\nexport { tests as default }\n`,
    )
    await expect(bundleSampleKit(testsFile)).rejects.toThrow(SampleKitError)
    await expect(bundleSampleKit(testsFile)).rejects.toThrow(/defineTests/)
  })
})

describe('a kit is built by transforming source, never by running it', () => {
  it('a top-level side effect of tests.ts does not happen while its kit is built', async () => {
    const marker = path.join(dir, 'kit-marker')
    const testsFile = path.join(dir, 'marker.ts')
    writeFileSync(
      testsFile,
      `import { defineTests } from '@arena/grader/authoring'
const host = (globalThis as any).process
host?.getBuiltinModule?.('fs').writeFileSync(${JSON.stringify(marker)}, 'ran')
export default defineTests<number>({
  generate: (seed) => seed,
  check: () => true,
  samples: [{ name: 'one', input: 1 }],
  hidden: [{ name: 'the hidden one', input: 2 }],
})
`,
    )
    const kit = await bundleSampleKit(testsFile)
    expect(kit).toContain('getBuiltinModule')
    expect(existsSync(marker)).toBe(false)
  })
})
