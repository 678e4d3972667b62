import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { GradableChallenge } from '../types.ts'

const folder = fileURLToPath(new URL('./sort-extremes/', import.meta.url))

/** Fixture whose output is an object of arrays (see sort-extremes/tests.ts). */
export function sortExtremesChallenge(overrides: Partial<GradableChallenge> = {}): GradableChallenge {
  return {
    id: 'test/sort-extremes',
    packHash: 'test',
    entry: 'solve',
    clock: 'cpu',
    engines: [],
    limits: { cpuMs: 5000, wallMs: 10_000, memoryMb: 128, outputKb: 4, resultMb: 16, workers: 1, diskMb: 0 },
    perf: {
      cases: [{ name: 'large', size: 200_000 }],
      warmupSize: 1000,
      minRounds: 5,
      maxRounds: 7,
      targetSpread: 0.1,
      budgetMs: 20_000,
    },
    testsFile: `${folder}tests.ts`,
    referenceSource: readFileSync(`${folder}reference.ts`, 'utf8'),
    ...overrides,
  }
}
