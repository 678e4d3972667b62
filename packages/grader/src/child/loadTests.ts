import { pathToFileURL } from 'node:url'
import type { ChallengeTests } from '../authoring/types.ts'

const loaded = new Map<string, Promise<ChallengeTests<unknown>>>()

/** Imports a bundled tests.ts once per child process. */
export function loadTests(bundleFile: string): Promise<ChallengeTests<unknown>> {
  let tests = loaded.get(bundleFile)
  if (!tests) {
    tests = import(pathToFileURL(bundleFile).href).then((module: { default?: ChallengeTests<unknown> }) => {
      const value = module.default
      if (!value || typeof value.generate !== 'function' || typeof value.check !== 'function') {
        throw new Error('tests.ts must `export default defineTests({ generate, check, samples, hidden })`')
      }
      return value
    })
    loaded.set(bundleFile, tests)
  }
  return tests
}
