export { createEngines, EngineUnavailableError } from './createEngines.ts'
export {
  createDatasetEngine,
  DATASET_DTS,
  type DatasetJobReport,
  type DatasetStageReport,
  type StageCounters,
  type StageKind,
} from './dataset/index.ts'
export { createDiskEngine, type DiskEngineOptions, STAGE_BYTES } from './disk/createDiskEngine.ts'
export { DISK_DTS } from './disk/diskDts.ts'
export { fileNameProblem, MAX_NAME_LENGTH } from './disk/fileName.ts'
export type {
  EngineCounters,
  EngineInstance,
  EngineJobGraph,
  EngineJobGraphs,
  EngineRunOptions,
  EngineStageNode,
  TimelineEntry,
} from './EngineInstance.ts'
/** The `.d.ts` body of each engine's `arena:<engine>` module, for learners' editors. */
export { engineDeclarations } from './engineDeclarations.ts'
export {
  checkKernelJob,
  createGpuEngine,
  DeviceLostError,
  GPU_DTS,
  type KernelJob,
  type KernelMeasurement,
  runKernelJob,
} from './gpu/index.ts'
export {
  createMapReduceEngine,
  type JobCounters,
  MAPREDUCE_DTS,
  makespanNs,
  REDUCE_BATCH_CHARS,
  ShuffleQuotaError,
} from './mapreduce/index.ts'
export { createPoolEngine, POOL_DTS } from './pool/index.ts'
export { backendKindOf, createTensorEngine, TENSOR_DTS } from './tensor/index.ts'
export {
  acquireGpu,
  chooseVulkanDriver,
  detectGpuRunnerClass,
  drainGpu,
  GPU_DRAIN_MS,
  type GpuHandle,
  GpuUnavailableError,
  resetGpu,
  runnerClassOf,
  SWIFTSHADER_ICD,
} from './webgpu/gpuDevice.ts'
