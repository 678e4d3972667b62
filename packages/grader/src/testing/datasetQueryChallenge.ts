import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { GradableChallenge } from '../types.ts'

const folder = fileURLToPath(new URL('./dataset-query/', import.meta.url))

/** A fixture challenge that grants `dataset`: a columnar input from tests.ts, an output file the engine writes and the check reads. */
export function datasetQueryChallenge(overrides: Partial<GradableChallenge> = {}): GradableChallenge {
  return {
    id: 'test/dataset-query',
    packHash: 'test',
    entry: 'solve',
    clock: 'wall',
    engines: ['dataset'],
    limits: { cpuMs: 5000, wallMs: 15000, memoryMb: 64, outputKb: 4, resultMb: 1, workers: 2, diskMb: 8 },
    perf: {
      cases: [{ name: 'large', size: 20_000 }],
      warmupSize: 1000,
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
