import type { EngineGrant } from './child/runWithEngines.ts'
import type { GradableChallenge } from './types.ts'

/** The engines a challenge grants and their limits, as the sandbox child needs them. */
export function engineGrant(challenge: GradableChallenge, runnerClass: string): EngineGrant {
  return {
    names: challenge.engines,
    workers: challenge.limits.workers,
    diskMb: challenge.limits.diskMb,
    ...(challenge.limits.jobResultKb !== undefined && { jobResultKb: challenge.limits.jobResultKb }),
    ...(challenge.limits.jobResultRecords !== undefined && {
      jobResultRecords: challenge.limits.jobResultRecords,
    }),
    runnerClass,
  }
}
