import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { GradableChallenge } from '../types.ts'

const folder = fileURLToPath(new URL('./mr-spin/', import.meta.url))

/**
 * A fixture challenge that grants `mapreduce` and ranks by `counter:criticalPathNs`: eight keys, one
 * reducer each, each key's reduce a CPU-bound spin (issue 14, class 4).
 */
export function mrSpinChallenge(overrides: Partial<GradableChallenge> = {}): GradableChallenge {
  return {
    id: 'test/mr-spin',
    packHash: 'test',
    entry: 'solve',
    clock: 'counter:criticalPathNs',
    engines: ['mapreduce'],
    limits: { cpuMs: 10_000, wallMs: 20_000, memoryMb: 64, outputKb: 4, resultMb: 1, workers: 2, diskMb: 16 },
    perf: {
      // ~12 ms of CPU per key: at ~6 ms a cold worker's first spin (2-4 ms of JIT) decided which
      // reducer was slowest, and the reference read 0.5-2x itself.
      cases: [{ name: 'spin', size: 10_000_000 }],
      warmupSize: 1000,
      minRounds: 3,
      maxRounds: 5,
      targetSpread: 0.3,
      budgetMs: 10_000,
    },
    testsFile: `${folder}tests.ts`,
    referenceSource: readFileSync(`${folder}reference.ts`, 'utf8'),
    ...overrides,
  }
}
