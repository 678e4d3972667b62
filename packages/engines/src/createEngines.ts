import { createDatasetEngine } from './dataset/index.ts'
import { createDiskEngine } from './disk/createDiskEngine.ts'
import type { EngineInstance, EngineRunOptions } from './EngineInstance.ts'
import { createGpuEngine } from './gpu/index.ts'
import { createMapReduceEngine } from './mapreduce/index.ts'
import { createPoolEngine } from './pool/index.ts'
import { createTensorEngine } from './tensor/index.ts'

/** An engine name a challenge grants that this build cannot serve. */
export class EngineUnavailableError extends Error {
  readonly code = 'ARENA_ENGINE_UNAVAILABLE'
  constructor(readonly engine: string) {
    super(`The ${engine} engine is not available yet in this build of the grader.`)
    this.name = 'EngineUnavailableError'
  }
}

/** The engines a challenge grants, for one run; the caller disposes them after the run. */
export function createEngines(names: readonly string[], options: EngineRunOptions): EngineInstance[] {
  return names.map((name) => {
    switch (name) {
      case 'disk':
        return createDiskEngine(options)
      case 'pool':
        return createPoolEngine(options)
      case 'mapreduce':
        return createMapReduceEngine(options)
      case 'dataset':
        return createDatasetEngine(options)
      case 'gpu':
        return createGpuEngine(options)
      case 'tensor':
        return createTensorEngine(options)
      default:
        throw new EngineUnavailableError(name)
    }
  })
}
