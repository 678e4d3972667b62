import type { EngineInstance, EngineRunOptions } from '../EngineInstance.ts'
import { GpuEngine } from './GpuEngine.ts'

export { GpuEngine } from './GpuEngine.ts'
export { GPU_DTS } from './gpuDts.ts'
export { type JobDone, KernelSession } from './KernelSession.ts'
export { checkKernelJob, type KernelArray, type KernelJob } from './kernelJob.ts'
export { DeviceLostError, type KernelMeasurement, type KernelOutcome, runKernelJob } from './runKernelJob.ts'

/**
 * The `gpu` engine for one run: WGSL compute kernels on the process's WebGPU device, timed by
 * timestamp queries. See packages/engines/README.md, "gpu".
 */
export function createGpuEngine(options: EngineRunOptions): EngineInstance {
  return new GpuEngine(options)
}
