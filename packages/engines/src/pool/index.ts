import type { EngineInstance, EngineRunOptions } from '../EngineInstance.ts'
import { PoolEngine } from './PoolEngine.ts'

export { MAX_TIMELINE_ENTRIES, PoolEngine } from './PoolEngine.ts'
export { MissingWorkerError, ResultNotCopyableError, type TaskInfo } from './PoolWorker.ts'
export { POOL_DTS } from './poolDts.ts'

/**
 * The `pool` engine for one run: `min(limits.workers, cores)` worker isolates running exported
 * functions of the learner's module on tasks in parallel. See packages/engines/README.md, "pool".
 */
export function createPoolEngine(options: EngineRunOptions): EngineInstance {
  return new PoolEngine(options)
}
