import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { GradableChallenge } from '../types.ts'

const folder = fileURLToPath(new URL('./sum-array/', import.meta.url))

/** The fixture challenge the grader's tests grade against; `overrides` tweak limits or perf settings. */
export function sumArrayChallenge(overrides: Partial<GradableChallenge> = {}): GradableChallenge {
  return {
    id: 'test/sum-array',
    packHash: 'test',
    entry: 'solve',
    clock: 'cpu',
    engines: [],
    limits: { cpuMs: 1000, wallMs: 3000, memoryMb: 128, outputKb: 4, resultMb: 16, workers: 1, diskMb: 0 },
    perf: {
      cases: [{ name: 'large', size: 200_000 }],
      warmupSize: 1000,
      minRounds: 5,
      maxRounds: 9,
      targetSpread: 0.05,
      budgetMs: 10_000,
    },
    testsFile: `${folder}tests.ts`,
    referenceSource: readFileSync(`${folder}reference.ts`, 'utf8'),
    ...overrides,
  }
}
