// The engines' platform-neutral core, for the browser's local runs (apps/web/src/local/engines): the
// same tensor bookkeeping, backends, kernel-job runner, mapreduce shuffle and job counters, the dataset
// engine's job flow (DatasetJob over a JobHost: planning, stages, shuffles, cache, broadcasts, writes),
// and guest and worker sources the isolate engines use,
// without node:* or isolated-vm (a test imports every file reachable from here and checks).

export { arenaModulesDts } from './arenaModulesDts.ts'
export { DatasetJob, type JobOutcome } from './dataset/DatasetJob.ts'
export { DatasetRegistry } from './dataset/DatasetRegistry.ts'
export { DATASET_GUEST_SOURCE } from './dataset/datasetGuestSource.ts'
export { datasetWorkerSource } from './dataset/datasetWorkerSource.ts'
export type {
  JobFailure,
  JobFiles,
  JobHost,
  StageOwner,
  TaskOutput,
  TaskWorker,
} from './dataset/jobHost.ts'
export type { ProgramPositions } from './dataset/learnerFunctions.ts'
export type { OutputFiles } from './dataset/OutputWrite.ts'
export { PartitionCache } from './dataset/PartitionCache.ts'
export { checkActionPlan, MAX_PARTITIONS, PlanError, parseActionPlan } from './dataset/planNodes.ts'
export type { DatasetJobReport } from './dataset/stageCounters.ts'
export { type ScriptWorker, WorkerShipments } from './dataset/WorkerShipments.ts'
export { fileNameProblem } from './disk/fileName.ts'
export { GPU_GUEST_SOURCE } from './gpu/gpuGuestSource.ts'
export { type GuestFault, type JobDone, type KernelRunFault, KernelSession } from './gpu/KernelSession.ts'
export { checkKernelJob, type KernelArray, type KernelJob } from './gpu/kernelJob.ts'
export { DeviceLostError, runKernelJob } from './gpu/runKernelJob.ts'
export {
  type ByteSource,
  blockBytesFor,
  checkFileInput,
  type FileInputSpec,
  firstJobSplits,
  InputBlocks,
  InputFileError,
  missingInputFile,
  type OpenInputFile,
} from './mapreduce/inputBlocks.ts'
export {
  checkJobOutput,
  countReduceOutput,
  finishJobCounters,
  type JobCounters,
  JobResultTooLargeError,
  type JobSpec,
  type MapTaskOutput,
  mapTaskOf,
  newJobCounters,
  OutputTooLargeError,
  type ReduceTaskOutput,
  type Splits,
  shuffleMapOutput,
  splitCount,
} from './mapreduce/jobCounters.ts'
export { MAPREDUCE_GUEST_SOURCE } from './mapreduce/mapreduceGuestSource.ts'
export { mapreduceWorkerSource } from './mapreduce/mapreduceWorkerSource.ts'
export { OutputQuotaError, outputNameProblem } from './mapreduce/outputFileName.ts'
export { PARSE_PAIRS_SOURCE } from './mapreduce/pairsSource.ts'
export { REDUCE_BATCH_CHARS, ShuffleCore, ShuffleQuotaError } from './mapreduce/shuffleCore.ts'
export { OneAtATime } from './oneAtATime.ts'
export { HELPER_PREFIX } from './pool/helperPrefix.ts'
export { workerMemoryMb } from './pool/workerMemory.ts'
export type { Backend } from './tensor/Backend.ts'
export { CpuBackend } from './tensor/cpuBackend.ts'
export { GpuBackend } from './tensor/gpuBackend.ts'
export { backendKindOf, type EngineFault, type TensorAnswer, TensorStore } from './tensor/TensorStore.ts'
export { TENSOR_GUEST_SOURCE } from './tensor/tensorGuestSource.ts'
export { type GpuHandle, GpuUnavailableError, openDevice, runnerClassOf } from './webgpu/GpuHandle.ts'
