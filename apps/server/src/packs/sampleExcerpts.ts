import { pathToFileURL } from 'node:url'
import type { SampleExcerpt } from '@arena/db'
import { bundleTests } from '@arena/grader'
import { excerpt } from '@arena/grader/authoring'

interface SampleSource {
  name: string
  input?: unknown
  seed?: number
  size?: number
}

interface TestsModule {
  default?: {
    samples?: SampleSource[]
    generate?: (seed: number, size: number) => unknown
    describe?: (input: unknown) => string
  }
}

/**
 * The sample cases of a challenge as learners see them: name and a short rendering of the input.
 * tests.ts is trusted instructor code (the grader runs it too); only its samples leave the server.
 */
export async function sampleExcerpts(testsFile: string): Promise<SampleExcerpt[]> {
  const bundle = await bundleTests(testsFile)
  const tests = ((await import(pathToFileURL(bundle).href)) as TestsModule).default
  if (!tests?.samples) return []
  return tests.samples.map((sample) => {
    try {
      const input = 'input' in sample ? sample.input : tests.generate?.(sample.seed ?? 0, sample.size ?? 0)
      const text = tests.describe ? tests.describe(input) : excerpt(input, 300)
      return { name: sample.name, input: text.length > 600 ? `${text.slice(0, 599)}…` : text }
    } catch (error) {
      return { name: sample.name, input: `(this input could not be shown: ${(error as Error).message})` }
    }
  })
}
