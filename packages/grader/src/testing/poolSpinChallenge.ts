import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { GradableChallenge } from '../types.ts'

const folder = fileURLToPath(new URL('./pool-spin/', import.meta.url))

/** A fixture challenge that grants `pool` with two workers: eight CPU-bound tasks per input. */
export function poolSpinChallenge(overrides: Partial<GradableChallenge> = {}): GradableChallenge {
  return {
    id: 'test/pool-spin',
    packHash: 'test',
    entry: 'solve',
    clock: 'wall',
    engines: ['pool'],
    limits: { cpuMs: 5000, wallMs: 10_000, memoryMb: 64, outputKb: 4, resultMb: 1, workers: 2, diskMb: 0 },
    perf: {
      cases: [{ name: 'spin', size: 2_000_000 }],
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
