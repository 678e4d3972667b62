// The platform-neutral half of the WebGPU device: what a run borrows, and how a device is opened from
// any `GPU` (Dawn's in Node, `navigator.gpu` in a browser worker). No node:* imports here: the browser
// bundle of the engines (src/browser.ts) imports this file.

export interface GpuHandle {
  adapter: GPUAdapter
  device: GPUDevice
  /** `gpu:<adapter>`, e.g. `gpu:swiftshader`, `gpu:nvidia-h100-80gb-hbm3`. */
  runnerClass: string
  /** Human name for messages, e.g. `NVIDIA H100 80GB HBM3`. */
  adapterName: string
  /** Whether kernels can be timed with timestamp queries (else: wall time around a fenced submit). */
  hasTimestamps: boolean
}

export class GpuUnavailableError extends Error {
  readonly code = 'ARENA_GPU_UNAVAILABLE'
  constructor(reason: string) {
    super(`No WebGPU adapter on this runner: ${reason}`)
    this.name = 'GpuUnavailableError'
  }
}

/**
 * `gpu:swiftshader`, `gpu:nvidia-h100-80gb-hbm3`: stable, lower-case, from the adapter's info. Any
 * other adapter the browser or Dawn marks as a fallback (a CPU implementation) is `gpu:software-…`, so
 * the grader knows its times say nothing about kernels (grader's softwareGpuOf).
 */
export function runnerClassOf(
  info: Pick<GPUAdapterInfo, 'vendor' | 'architecture' | 'device' | 'description'> & {
    isFallbackAdapter?: boolean
  },
): string {
  const swiftshader = info.architecture === 'swiftshader'
  const name = swiftshader ? 'swiftshader' : info.device || info.description || info.vendor
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
  const software = info.isFallbackAdapter === true && !swiftshader ? 'software-' : ''
  return `gpu:${software}${slug || 'unknown'}`
}

/** A name for people: `SwiftShader (CPU)`, `NVIDIA H100 80GB HBM3`. */
export function adapterNameOf(
  info: Pick<GPUAdapterInfo, 'vendor' | 'architecture' | 'device' | 'description'>,
) {
  return info.architecture === 'swiftshader'
    ? 'SwiftShader (CPU)'
    : info.device || info.description || info.vendor || 'unknown adapter'
}

/**
 * Opens a device on `gpu`'s high-performance adapter with timestamp queries where the adapter has them
 * and the adapter's own limits (a kernel challenge can use what the hardware has). Throws
 * GpuUnavailableError with `noAdapter` as its reason where there is no adapter.
 */
export async function openDevice(gpu: GPU, noAdapter: string): Promise<GpuHandle> {
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' })
  if (!adapter) throw new GpuUnavailableError(noAdapter)
  const hasTimestamps = adapter.features.has('timestamp-query')
  const device = await adapter.requestDevice({
    requiredFeatures: hasTimestamps ? ['timestamp-query'] : [],
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
      maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: adapter.limits.maxComputeInvocationsPerWorkgroup,
    },
  })
  const info = adapter.info
  return {
    adapter,
    device,
    runnerClass: runnerClassOf(info),
    adapterName: adapterNameOf(info),
    hasTimestamps,
  }
}
