import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { GradableChallenge } from '../types.ts'

const folder = fileURLToPath(new URL('./disk-copy/', import.meta.url))

/** A fixture challenge that grants `disk`: copy an input file to an output file, 8 MB quota. */
export function diskCopyChallenge(overrides: Partial<GradableChallenge> = {}): GradableChallenge {
  return {
    id: 'test/disk-copy',
    packHash: 'test',
    entry: 'solve',
    clock: 'wall',
    engines: ['disk'],
    limits: { cpuMs: 2000, wallMs: 5000, memoryMb: 64, outputKb: 4, resultMb: 1, workers: 1, diskMb: 8 },
    perf: {
      cases: [{ name: 'large', size: 4_000_000 }],
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
