import type { EngineInstance, EngineRunOptions } from '../EngineInstance.ts'
import { MapReduceEngine } from './MapReduceEngine.ts'

export { type JobCounters, MapReduceEngine, makespanNs } from './MapReduceEngine.ts'
export { MAPREDUCE_DTS } from './mapreduceDts.ts'
export { REDUCE_BATCH_CHARS, ShuffleQuotaError } from './Shuffle.ts'

/**
 * The `mapreduce` engine for one run: map tasks and reduce tasks on the pool's worker isolates, with a
 * sort-based shuffle that spills to the scratch folder. See packages/engines/README.md, "mapreduce".
 */
export function createMapReduceEngine(options: EngineRunOptions): EngineInstance {
  return new MapReduceEngine(options)
}
