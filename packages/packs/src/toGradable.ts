import type { GradableChallenge } from '@arena/grader'
import type { Challenge, Pack } from './types.ts'

/** What the grader needs of a challenge; its id is `<pack>/<challenge>`. */
export function toGradable(pack: Pack, challenge: Challenge): GradableChallenge {
  const { limits, perf } = challenge.config
  return {
    id: `${pack.config.id}/${challenge.id}`,
    packHash: pack.hash,
    entry: challenge.config.entry,
    clock: challenge.config.clock,
    engines: [...challenge.config.engines],
    runners: [...challenge.config.runners],
    limits: {
      cpuMs: limits.cpuMs,
      wallMs: limits.wallMs,
      memoryMb: limits.memoryMb,
      outputKb: limits.outputKb,
      resultMb: limits.resultMb,
      workers: limits.workers,
      diskMb: limits.diskMb,
      ...(limits.jobResultKb !== undefined && { jobResultKb: limits.jobResultKb }),
      ...(limits.jobResultRecords !== undefined && { jobResultRecords: limits.jobResultRecords }),
    },
    perf: {
      cases: perf.cases.map(({ name, size }) => ({ name, size })),
      warmupSize: perf.warmupSize,
      minRounds: perf.minRounds,
      maxRounds: perf.maxRounds,
      targetSpread: perf.targetSpread,
      budgetMs: perf.budgetMs,
    },
    testsFile: challenge.files.tests,
    referenceSource: challenge.sources.reference,
  }
}
