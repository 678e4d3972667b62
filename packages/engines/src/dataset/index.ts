import type { EngineInstance, EngineRunOptions } from '../EngineInstance.ts'
import { DatasetEngine } from './DatasetEngine.ts'

export { DatasetEngine } from './DatasetEngine.ts'
export { DATASET_DTS } from './datasetDts.ts'
export type { DatasetJobReport, DatasetStageReport, StageCounters, StageKind } from './stageCounters.ts'

/**
 * The `dataset` engine for one run: Spark-like lazy partitioned datasets whose actions run as stages
 * of tasks on the pool's worker isolates, with the mapreduce shuffle between stages. See
 * packages/engines/README.md, "dataset".
 */
export function createDatasetEngine(options: EngineRunOptions): EngineInstance {
  return new DatasetEngine(options)
}
