import type { GpuHandle } from '../webgpu/GpuHandle.ts'
import { arrayOf, deviceBytes, type KernelArray, type KernelJob } from './kernelJob.ts'
import { cleanDawnMessage, formatCompileErrors } from './wgslErrors.ts'

/** What one job measured on the device. */
export interface KernelMeasurement {
  /** Kernel time: the sum of each dispatch's pass, by timestamp queries, or wall time around the fenced submit. */
  kernelNs: number
  /** How kernelNs was measured. */
  clock: 'timestamps' | 'wall'
  /** Submit to the last read-back mapped, on the host clock. */
  wallNs: number
  dispatches: number
  bytesUploaded: number
  bytesReadBack: number
  /** Bytes of the storage buffers each dispatch bound, summed over dispatches: what the kernels could touch. */
  kernelBytes: number
  deviceBytes: number
  /** Host time of the job's synchronous work (creating, uploading and encoding; copying read-backs out); compiling is the onCompile clock's. */
  hostWorkNs: number
}

export type KernelFault = {
  status: 'CompileError' | 'MemoryLimit' | 'RuntimeError'
  message: string
}

export type KernelOutcome =
  | { ok: true; outputs: Record<string, KernelArray>; measured: KernelMeasurement }
  | { ok: false; fault: KernelFault }

/** Thrown out of a job when the device is lost while it runs: the run ends, the next gets a new device. */
export class DeviceLostError extends Error {
  readonly code = 'ARENA_GPU_DEVICE_LOST'
  constructor(message: string) {
    super(message)
    this.name = 'DeviceLostError'
  }
}

/**
 * Runs one job on the process's device: buffers created (zero-filled) and uploaded, one compute pass
 * per dispatch in one command buffer (so a dispatch sees the previous one's writes), read-backs
 * copied out, one submit, then every buffer destroyed. Learner mistakes (WGSL errors, bindings that
 * do not match the shader, an allocation the device refuses) are values; a lost device rejects with
 * DeviceLostError, via `lost`.
 */
export async function runKernelJob(
  gpu: GpuHandle,
  job: KernelJob,
  lost: Promise<never>,
  /** Asked before each pipeline compile and right before the submit: a run that has ended submits nothing more to the shared device. */
  ended: () => boolean = () => false,
  /**
   * Called when the job starts a compile (a module or a pipeline not in the cache, nor compiling for
   * another job); the function it answers is called when that compile ends, however it ends, even
   * after the job stopped waiting for it. A host counts compiles while they run.
   */
  onCompile?: (kernel: string) => () => void,
  /** The clock of the job's synchronous host work, in ms (a host's thread CPU clock; wall time by default). */
  hostMs: () => number = () => performance.now(),
): Promise<KernelOutcome> {
  const { device } = gpu
  const compiled = await compileJob(device, job, lost, ended, onCompile)
  if (!compiled.ok) return compiled.outcome
  const { pipelines } = compiled

  const created: GPUBuffer[] = []
  const track = <T extends GPUBuffer>(buffer: T): T => {
    created.push(buffer)
    return buffer
  }
  let querySet: GPUQuerySet | undefined
  try {
    const encodeStartedAt = hostMs()
    device.pushErrorScope('out-of-memory')
    device.pushErrorScope('validation')
    const buffers = new Map<string, GPUBuffer>()
    let bytesUploaded = 0
    let totalBytes = 0
    for (const [name, spec] of Object.entries(job.buffers)) {
      const size = deviceBytes(spec)
      totalBytes += size
      const usage = spec.uniform
        ? GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST
        : GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST
      const buffer = track(device.createBuffer({ size, usage, label: name }))
      if (spec.data && spec.data.byteLength > 0) {
        // Copied out of the isolate: never shared memory (the DOM lib's typing insists on saying so).
        device.queue.writeBuffer(buffer, 0, spec.data as ArrayBufferView<ArrayBuffer>)
        bytesUploaded += spec.data.byteLength
      }
      buffers.set(name, buffer)
    }

    const timed = gpu.hasTimestamps
    const queryCount = 2 * job.dispatches.length
    querySet = timed ? device.createQuerySet({ type: 'timestamp', count: queryCount }) : undefined
    const encoder = device.createCommandEncoder()
    let kernelBytes = 0
    for (const [index, dispatch] of job.dispatches.entries()) {
      const pipeline = pipelines.get(dispatch.entryPoint) as GPUComputePipeline
      const entries: GPUBindGroupEntry[] = []
      for (const [binding, name] of dispatch.bind.entries()) {
        if (name === null) continue
        entries.push({ binding, resource: { buffer: buffers.get(name) as GPUBuffer } })
        const spec = job.buffers[name]
        if (spec && !spec.uniform) kernelBytes += spec.length * 4
      }
      const pass = encoder.beginComputePass(
        querySet
          ? {
              timestampWrites: {
                querySet,
                beginningOfPassWriteIndex: 2 * index,
                endOfPassWriteIndex: 2 * index + 1,
              },
            }
          : {},
      )
      pass.setPipeline(pipeline)
      if (entries.length > 0) {
        pass.setBindGroup(0, device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries }))
      }
      const [x, y, z] = dispatch.workgroups
      pass.dispatchWorkgroups(x, y, z)
      pass.end()
    }

    const readbacks: { name: string; buffer: GPUBuffer; bytes: number }[] = []
    for (const name of job.read) {
      const spec = job.buffers[name]
      if (!spec) continue
      const bytes = deviceBytes(spec)
      const buffer = track(
        device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST }),
      )
      encoder.copyBufferToBuffer(buffers.get(name) as GPUBuffer, 0, buffer, 0, bytes)
      readbacks.push({ name, buffer, bytes: spec.length * 4 })
    }
    let stamps: GPUBuffer | undefined
    if (querySet) {
      const resolved = track(
        device.createBuffer({
          size: 8 * queryCount,
          usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
        }),
      )
      stamps = track(
        device.createBuffer({
          size: 8 * queryCount,
          usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
        }),
      )
      encoder.resolveQuerySet(querySet, 0, queryCount, resolved, 0)
      encoder.copyBufferToBuffer(resolved, 0, stamps, 0, 8 * queryCount)
    }
    const commands = encoder.finish()
    let hostWorkMs = hostMs() - encodeStartedAt
    const validation = await device.popErrorScope()
    const memory = await device.popErrorScope()
    if (memory) {
      return fault(
        'MemoryLimit',
        `The GPU could not allocate the ${formatBytes(totalBytes)} of buffers kernel "${job.kernel}" asked for: ${cleanDawnMessage(memory.message)}`,
      )
    }
    if (validation) return gpuError(job, validation.message)

    // The job was still compiling when its run ended (launched and not awaited): submitting it now
    // would leave work on the device for the next program.
    if (ended()) return endedBeforeStart(job)
    // performance.now(): the same clock in Node and in a browser worker (this file serves both).
    const submittedAt = performance.now()
    device.queue.submit([commands])
    const fences = [...readbacks.map(({ buffer }) => buffer), ...(stamps ? [stamps] : [])].map((buffer) =>
      buffer.mapAsync(GPUMapMode.READ),
    )
    if (fences.length === 0) fences.push(device.queue.onSubmittedWorkDone())
    await Promise.race([Promise.all(fences), lost])
    const wallNs = Math.round((performance.now() - submittedAt) * 1e6)

    const readStartedAt = hostMs()
    const outputs: Record<string, KernelArray> = {}
    let bytesReadBack = 0
    for (const { name, buffer, bytes } of readbacks) {
      const spec = job.buffers[name]
      if (!spec) continue
      outputs[name] = arrayOf(spec.type, buffer.getMappedRange(0, Math.max(4, bytes)).slice(0, bytes))
      bytesReadBack += bytes
      buffer.unmap()
    }
    let kernelNs = wallNs
    if (stamps) {
      const times = new BigUint64Array(stamps.getMappedRange().slice(0))
      stamps.unmap()
      let sum = 0n
      for (let i = 0; i < queryCount; i += 2) {
        const begin = times[i] ?? 0n
        const end = times[i + 1] ?? 0n
        if (end > begin) sum += end - begin
      }
      kernelNs = Number(sum)
    }
    hostWorkMs += hostMs() - readStartedAt
    return {
      ok: true,
      outputs,
      measured: {
        kernelNs,
        clock: stamps ? 'timestamps' : 'wall',
        wallNs,
        dispatches: job.dispatches.length,
        bytesUploaded,
        bytesReadBack,
        kernelBytes,
        deviceBytes: totalBytes,
        hostWorkNs: Math.round(hostWorkMs * 1e6),
      },
    }
  } finally {
    for (const buffer of created) buffer.destroy()
    querySet?.destroy()
  }
}

interface CompiledModule {
  module: GPUShaderModule
  pipelines: Map<string, GPUComputePipeline>
  /** Pipelines compiling now, by entry point. */
  compiling: Map<string, Promise<GPUComputePipeline>>
}

/**
 * Compiled WGSL per device, by source text: compiling (Tint, then the driver) costs milliseconds and
 * learner code may run the same kernel many times. Only modules that compiled are kept; a new device
 * starts empty. Compiling is never in the kernel time, so the cache changes no ranking.
 */
const compiledModules = new WeakMap<GPUDevice, Map<string, CompiledModule>>()
const MAX_CACHED_MODULES = 64

/**
 * The job's module and a pipeline per entry point, from the cache or compiled. A pipeline compiles
 * with createComputePipelineAsync, off this thread (Dawn's worker pool): WGSL within the inlining bound
 * (wgslInlining.ts) still took SwiftShader 2-80 s per pipeline, and the synchronous
 * createComputePipeline held the sandbox child's event loop, the run's wall and CPU watchdogs with it,
 * until the pool killed the child. Awaited, the watchdogs end the run; a compile still in flight then
 * keeps the job in flight (KernelSession.inFlight), and the engine has the process replaced.
 */
async function compileJob(
  device: GPUDevice,
  job: KernelJob,
  lost: Promise<never>,
  ended: () => boolean,
  onCompile: ((kernel: string) => () => void) | undefined,
): Promise<{ ok: true; pipelines: Map<string, GPUComputePipeline> } | { ok: false; outcome: KernelOutcome }> {
  const compiled = await compileModule(device, job, lost, onCompile)
  if (!compiled.ok) return compiled
  const { module, pipelines, compiling } = compiled.entry
  // One compile at a time: a job's entry points do not take more than one of the host's cores.
  for (const entryPoint of new Set(job.dispatches.map((dispatch) => dispatch.entryPoint))) {
    if (pipelines.has(entryPoint)) continue
    if (ended()) return { ok: false, outcome: endedBeforeStart(job) }
    // Jobs of the same kernel launched together wait for one compile, not one each.
    let pending = compiling.get(entryPoint)
    if (!pending) {
      const stopClock = onCompile?.(job.kernel)
      const started = device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint } })
      pending = started
      compiling.set(entryPoint, started)
      const forget = () => {
        stopClock?.()
        if (compiling.get(entryPoint) === started) compiling.delete(entryPoint)
      }
      started.then(forget, forget)
    }
    try {
      // Only valid pipelines resolve: each joins the module's cache.
      pipelines.set(entryPoint, await Promise.race([pending, lost]))
    } catch (error) {
      if (error instanceof DeviceLostError) throw error
      // A GPUPipelineError (an entry point the module lacks, a layout it cannot have): the message
      // the synchronous compile left in the job's validation scope.
      return { ok: false, outcome: gpuError(job, error instanceof Error ? error.message : String(error)) }
    }
  }
  return { ok: true, pipelines }
}

type ModuleResult = { ok: true; entry: CompiledModule } | { ok: false; outcome: KernelOutcome }

/** Modules compiling now, per device, by kernel name and source: jobs launched together share one. */
const compilingModules = new WeakMap<GPUDevice, Map<string, Promise<ModuleResult>>>()

async function compileModule(
  device: GPUDevice,
  job: KernelJob,
  lost: Promise<never>,
  onCompile: ((kernel: string) => () => void) | undefined,
): Promise<ModuleResult> {
  const cached = compiledModules.get(device)?.get(job.code)
  if (cached) return { ok: true, entry: cached }
  let compiling = compilingModules.get(device)
  if (!compiling) {
    compiling = new Map()
    compilingModules.set(device, compiling)
  }
  // The kernel's name is in a compile error's message: only a job of the same name shares it.
  const key = `${job.kernel}\n${job.code}`
  let pending = compiling.get(key)
  if (!pending) {
    const started = newModule(device, job, lost, onCompile)
    pending = started
    compiling.set(key, started)
    const forget = () => {
      if (compiling.get(key) === started) compiling.delete(key)
    }
    started.then(forget, forget)
  }
  return pending
}

async function newModule(
  device: GPUDevice,
  job: KernelJob,
  lost: Promise<never>,
  onCompile: ((kernel: string) => () => void) | undefined,
): Promise<ModuleResult> {
  let cache = compiledModules.get(device)
  if (!cache) {
    cache = new Map()
    compiledModules.set(device, cache)
  }
  // Tint parses and checks the WGSL in createShaderModule, on this thread (1.3 s for 250 KB beside a
  // CI run): bounded by the inlining limit, and counted.
  const stopClock = onCompile?.(job.kernel)
  let info: GPUCompilationInfo
  let moduleError: GPUError | null
  let module: GPUShaderModule
  try {
    device.pushErrorScope('validation')
    module = device.createShaderModule({ code: job.code, label: job.kernel })
    info = await Promise.race([module.getCompilationInfo(), lost])
    moduleError = await device.popErrorScope()
  } finally {
    stopClock?.()
  }
  if (info.messages.some((message) => message.type === 'error')) {
    return {
      ok: false,
      outcome: fault('CompileError', formatCompileErrors(job.kernel, job.code, info.messages)),
    }
  }
  if (moduleError) {
    const message = `WGSL error in kernel "${job.kernel}": ${cleanDawnMessage(moduleError.message)}`
    return { ok: false, outcome: fault('CompileError', message) }
  }
  if (cache.size >= MAX_CACHED_MODULES) cache.clear()
  const entry = { module, pipelines: new Map<string, GPUComputePipeline>(), compiling: new Map() }
  cache.set(job.code, entry)
  return { ok: true, entry }
}

/** A validation error of the job's pipelines, bind groups or commands, as the learner reads it. */
function gpuError(job: KernelJob, dawnMessage: string): KernelOutcome {
  const message = cleanDawnMessage(dawnMessage)
  // The usual cause: a pipeline's 'auto' layout has only the bindings its entry point uses.
  const hint = /entries|BindGroupLayout|binding/i.test(message) ? BINDING_HINT : ''
  return fault('RuntimeError', `GPU error in kernel "${job.kernel}": ${message}${hint}`)
}

function endedBeforeStart(job: KernelJob): KernelOutcome {
  return fault('RuntimeError', `gpu: the run ended before kernel "${job.kernel}" started`)
}

const BINDING_HINT =
  ' (Each entry point gets a layout with only the @binding()s it uses: in `bind`, name a buffer at exactly those indices and put null at the others.)'

function fault(status: KernelFault['status'], message: string): KernelOutcome {
  return { ok: false, fault: { status, message } }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GB`
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(1)} MB`
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${bytes} bytes`
}
