// Korean all the way in the shipped packs (issue 16, point 9): every challenge of challenges/core and
// challenges/gpu describes each sample input in English and Korean (what the statement page and a
// result row show), and its check fails an output no solution returns (`null`) with a message in both
// languages on every sample; each sample also shows its values (the data, not only the summary). Graded by the real grader (gpu challenges on this machine's WebGPU
// adapter, SwiftShader in CI); sample excerpts come from the pack inspector, as the server imports them.
import path from 'node:path'
import { detectGpuRunnerClass } from '@arena/engines'
import { createGrader, createPackInspector, type Grader } from '@arena/grader'
import { loadPack, type Pack, toGradable } from '@arena/packs'
import { afterAll, describe, expect, it } from 'vitest'

const PACKS = ['core', 'gpu'] as const
const packs = new Map<string, Pack>()
for (const id of PACKS)
  packs.set(id, await loadPack(path.resolve(import.meta.dirname, `../challenges/${id}`)))

const detected = await detectGpuRunnerClass()
if (detected.runnerClass === null)
  throw new Error(`this test needs a WebGPU adapter (SwiftShader in CI): ${detected.reason}`)
const graders = new Map<string, Grader>()
function graderFor(runnerClass: string): Grader {
  const known = graders.get(runnerClass)
  if (known) return known
  const grader = createGrader({ runnerClass })
  graders.set(runnerClass, grader)
  return grader
}
const inspector = createPackInspector()
afterAll(() => Promise.all([inspector.close(), ...[...graders.values()].map((grader) => grader.close())]))

/** Korean text: at least one Hangul syllable. */
const HANGUL = /[\uac00-\ud7a3]/

describe.each(PACKS)('the %s pack in English and Korean', (packId) => {
  const pack = packs.get(packId)!
  for (const challenge of pack.challenges) {
    it(`${challenge.id}: sample summaries and check messages in both languages`, {
      timeout: 120_000,
    }, async () => {
      const gradable = toGradable(pack, challenge)

      const excerpts = await inspector.sampleExcerpts(gradable)
      expect(excerpts.length).toBeGreaterThan(0)
      for (const sample of excerpts) {
        expect(sample.input, sample.name).not.toMatch(/could not be shown/)
        expect(sample.inputKo, sample.name).toBeDefined()
        // Issue 19.4: the data itself, not only its summary.
        expect(sample.values, sample.name).toBeTruthy()
      }
      if (challenge.id === 'word-count')
        expect(excerpts[0]?.values).toMatch(/^corpus\.txt \(\d+ bytes\):\n\w+ \w+/m)
      if (challenge.id === 'external-sort')
        expect(excerpts[0]?.values).toMatch(/keys\.bin \(80 bytes, binary\)/)
      // Every input is summarised in Korean words (a literal sample may be the same text in both).
      expect(excerpts.some((sample) => HANGUL.test(sample.inputKo ?? ''))).toBe(true)

      const runnerClass = challenge.config.runners.includes('cpu') ? 'cpu' : detected.runnerClass!
      const entry = challenge.config.entry
      const result = await graderFor(runnerClass).grade({
        challenge: gradable,
        source: `export function ${entry}(): unknown {\n  return null\n}\n`,
        mode: 'samples',
        secretSeed: 1,
      })
      expect(result.status).toBe('WrongAnswer')
      const samples = result.tests.filter((test) => test.kind === 'sample')
      expect(samples.length).toBe(excerpts.length)
      for (const row of samples) {
        expect(row.status, row.name).toBe('WrongAnswer')
        expect(row.message, row.name).toBeTruthy()
        expect(row.messageKo, row.name).toMatch(HANGUL)
        expect(row.inputKo, row.name).toBeDefined()
      }
      expect(result.messageKo).toMatch(HANGUL)
    })
  }
})
