import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { GradableChallenge } from '../types.ts'

const folder = fileURLToPath(new URL('./window-sums/', import.meta.url))

/** A fixture whose sizes are named parameters `{ n, w }` (issue 19.11). */
export function windowSumsChallenge(overrides: Partial<GradableChallenge> = {}): GradableChallenge {
  return {
    id: 'test/window-sums',
    packHash: 'test',
    entry: 'solve',
    clock: 'cpu',
    engines: [],
    limits: { cpuMs: 2000, wallMs: 4000, memoryMb: 128, outputKb: 4, resultMb: 16, workers: 1, diskMb: 0 },
    perf: {
      cases: [
        { name: 'narrow', size: { n: 100_000, w: 4 } },
        { name: 'wide', size: { n: 100_000, w: 400 } },
      ],
      warmupSize: { n: 1000, w: 10 },
      minRounds: 3,
      maxRounds: 3,
      targetSpread: 0.5,
      budgetMs: 10_000,
    },
    testsFile: `${folder}tests.ts`,
    referenceSource: readFileSync(`${folder}reference.ts`, 'utf8'),
    ...overrides,
  }
}
