import { ProcessPool } from '@arena/sandbox'
import type { SampleExcerpt } from './child/tasks.ts'
import { bundleTests } from './compile/bundleTests.ts'
import { type PackLimits, packCodeFor } from './packCode.ts'
import { callSampleExcerpts, TASKS_MODULE } from './trial/sandboxCalls.ts'
import type { GradableChallenge } from './types.ts'

export type { SampleExcerpt } from './child/tasks.ts'

/** What a server shows of a challenge's code, read where pack code may run: a sandbox child. */
export interface PackInspector {
  /** The sample inputs as the statement page shows them; throws when tests.ts cannot be bundled or run. */
  sampleExcerpts(
    challenge: Pick<GradableChallenge, 'id' | 'testsFile' | 'limits'> & PackLimits,
  ): Promise<SampleExcerpt[]>
  close(): Promise<void>
}

/**
 * For processes that must never run pack code themselves (the server): one sandbox child, started on
 * first use, in which each challenge's tests.ts is evaluated in a pack-code isolate. Close it after use.
 */
export function createPackInspector(): PackInspector {
  let pool: ProcessPool | undefined
  return {
    async sampleExcerpts(challenge) {
      const bundle = await bundleTests(challenge.testsFile)
      pool ??= new ProcessPool({ size: 1, taskModules: [TASKS_MODULE] })
      return callSampleExcerpts(pool, packCodeFor(challenge as GradableChallenge & PackLimits, bundle))
    },
    close: async () => {
      await pool?.close()
      pool = undefined
    },
  }
}
