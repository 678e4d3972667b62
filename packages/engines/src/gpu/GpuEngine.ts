import { markProcessTainted, type RunOutcome } from '@arena/sandbox'
import ivm from 'isolated-vm'
import type { EngineCounters, EngineInstance, EngineRunOptions, TimelineEntry } from '../EngineInstance.ts'
import { acquireGpu, type GpuHandle } from '../webgpu/gpuDevice.ts'
import { GPU_GUEST_SOURCE } from './gpuGuestSource.ts'
import { checkKernelJob, deviceBytes, type KernelJob, MAX_BUFFERS, MAX_DISPATCHES } from './kernelJob.ts'
import { DeviceLostError, formatBytes, type KernelFault, runKernelJob } from './runKernelJob.ts'

type Failure = Exclude<RunOutcome, { status: 'ok' }>
type GuestFault = { kind: 'Error' | 'TypeError'; message: string }

/** Per call of the entry (the timed call of a perf round): what the kernels did. */
interface CallCounters {
  kernelNs: number
  jobs: number
  dispatches: number
  bytesUploaded: number
  bytesReadBack: number
  kernelBytes: number
  flops: number
  peakDeviceBytes: number
  /** Wall time of the call outside gpu.run: learner code's own work, which kernelNs does not see. */
  hostNs: number
}

const MAX_TIMELINE_ENTRIES = 2000

/**
 * The `gpu` engine of one run: WGSL compute kernels on the process's WebGPU device (Dawn). A job
 * (`gpu.run`) is copied out of the isolate, run by `runKernelJob`, and its read-backs moved back in.
 * Any GPU fault (a WGSL compile error, device memory over the run's limit, a binding the shader does
 * not match, a lost device) ends the run with a verdict. A kernel that never ends is ended by the run's
 * wall watchdog; its device cannot be destroyed while it spins, so the process is marked to be
 * replaced, and the next run opens a new device in a new process.
 */
export class GpuEngine implements EngineInstance {
  readonly name = 'gpu'
  private readonly startedAt = process.hrtime.bigint()
  private readonly deviceLimitBytes: number
  private gpu: GpuHandle | undefined
  private unavailable: string | undefined
  private lost: Promise<never> | undefined
  private main: ivm.Isolate | undefined
  private settle: ivm.Reference<unknown> | undefined
  private fault: Failure | undefined
  private disposed = false
  private inFlight = 0
  private liveDeviceBytes = 0
  private clock: 'timestamps' | 'wall' | undefined
  private call: CallCounters = emptyCall()
  private callStartedAt: number | undefined
  private busySince = 0
  private busyNs = 0
  private readonly entries: TimelineEntry[] = []

  constructor(private readonly options: EngineRunOptions) {
    this.deviceLimitBytes = options.limits.memoryMb * 2 ** 20
  }

  async install({ isolate, context }: { isolate: ivm.Isolate; context: ivm.Context }): Promise<void> {
    this.main = isolate
    try {
      this.gpu = await acquireGpu()
      const device = this.gpu.device
      this.lost = device.lost.then((info) => {
        throw new DeviceLostError(
          `The GPU device was lost (${info.reason}: ${info.message || 'no reason given'}); the runner opens a new device for the next run.`,
        )
      })
      this.lost.catch(() => {})
      // Dawn prints uncaptured errors to stderr; every call here is in an error scope anyway.
      device.onuncapturederror = () => {}
    } catch (error) {
      this.unavailable = error instanceof Error ? error.message : String(error)
    }
    const start = new ivm.Callback((id: unknown, job: unknown) => void this.runJob(Number(id), job), {
      ignored: true,
    })
    const setup = await context.eval(GPU_GUEST_SOURCE, { reference: true })
    this.settle = await setup.apply(undefined, [start, this.guestInfo()], {
      timeout: 1000,
      arguments: { copy: true },
      result: { reference: true },
    })
    setup.release()
  }

  beforeCall(): void {
    this.call = emptyCall()
    this.call.peakDeviceBytes = this.liveDeviceBytes
    this.callStartedAt = this.now()
    this.busyNs = 0
  }

  /** runProgram asks right after each call returns: the moment to close the call's clocks. */
  failure(): Failure | undefined {
    if (this.callStartedAt !== undefined) {
      const wallNs = this.now() - this.callStartedAt
      this.callStartedAt = undefined
      this.call.hostNs = Math.max(0, wallNs - this.busyNs)
      // A call that ran no kernel did its work on the CPU: its clock is the call's wall time, so an
      // answer computed in the isolate is not timed at zero.
      if (this.call.jobs === 0) this.call.kernelNs = wallNs
    }
    return this.fault
  }

  counters(): EngineCounters {
    const { kernelNs, kernelBytes, flops } = this.call
    const counters: EngineCounters = { ...this.call }
    // Derived for the result: bytes the kernels bound per second of kernel time, and declared FLOP/s.
    if (kernelNs > 0) {
      counters.kernelGBps = kernelBytes / kernelNs
      if (flops > 0) counters.kernelGflops = flops / kernelNs
    }
    if (this.clock) counters.timestampClock = this.clock === 'timestamps' ? 1 : 0
    return counters
  }

  timeline(): TimelineEntry[] {
    return [...this.entries]
  }

  async dispose(): Promise<void> {
    this.disposed = true
    // A kernel still running cannot be stopped, and destroying its device blocks until it ends (which
    // an endless loop never does): this process is replaced after the task, with a fresh device.
    if (this.inFlight > 0) markProcessTainted()
    this.settle?.release()
    this.settle = undefined
  }

  private guestInfo() {
    const limits = this.gpu?.device.limits
    return {
      maxBuffers: MAX_BUFFERS,
      maxDispatches: MAX_DISPATCHES,
      maxWorkgroupsPerDimension: limits?.maxComputeWorkgroupsPerDimension ?? 65535,
      public: {
        runnerClass: this.gpu?.runnerClass ?? 'none',
        adapter: this.gpu?.adapterName ?? 'none',
        timestamps: this.gpu?.hasTimestamps ?? false,
        maxWorkgroupSizeX: limits?.maxComputeWorkgroupSizeX ?? 0,
        maxInvocationsPerWorkgroup: limits?.maxComputeInvocationsPerWorkgroup ?? 0,
        maxWorkgroupStorageBytes: limits?.maxComputeWorkgroupStorageSize ?? 0,
        maxStorageBufferBytes: Math.min(limits?.maxStorageBufferBindingSize ?? 0, this.deviceLimitBytes),
        deviceMemoryBytes: this.deviceLimitBytes,
      },
    }
  }

  private async runJob(id: number, raw: unknown): Promise<void> {
    const done = await this.computeJob(raw)
    await this.deliver(id, done)
  }

  private async computeJob(
    raw: unknown,
  ): Promise<{ ok: true; value: object } | { ok: false; fault: GuestFault }> {
    if (this.fault) return { ok: false, fault: { kind: 'Error', message: this.fault.message } }
    if (this.disposed) return { ok: false, fault: { kind: 'Error', message: 'gpu: the run has ended' } }
    const gpu = this.gpu
    if (!gpu || !this.lost) {
      return this.fail({ status: 'RuntimeError', message: `gpu: ${this.unavailable ?? 'no WebGPU device'}` })
    }
    const job = checkKernelJob(raw, gpu.device.limits.maxComputeWorkgroupsPerDimension)
    if (typeof job === 'string')
      return { ok: false, fault: { kind: 'TypeError', message: `gpu.run: ${job}` } }
    const tooBig = this.memoryProblem(gpu, job)
    if (tooBig) return this.fail({ status: 'MemoryLimit', message: tooBig })

    const bytes = Object.values(job.buffers).reduce((sum, spec) => sum + deviceBytes(spec), 0)
    this.liveDeviceBytes += bytes
    this.call.peakDeviceBytes = Math.max(this.call.peakDeviceBytes, this.liveDeviceBytes)
    if (this.inFlight++ === 0) this.busySince = this.now()
    const start = this.now()
    try {
      const outcome = await runKernelJob(gpu, job, this.lost)
      if (!outcome.ok) return this.fail(outcome.fault)
      const { measured } = outcome
      this.clock = measured.clock
      this.call.jobs++
      this.call.kernelNs += measured.kernelNs
      this.call.dispatches += measured.dispatches
      this.call.bytesUploaded += measured.bytesUploaded
      this.call.bytesReadBack += measured.bytesReadBack
      this.call.kernelBytes += measured.kernelBytes
      this.call.flops += job.flops
      return { ok: true, value: outcome.outputs }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      return this.fail({
        status: 'RuntimeError',
        message: error instanceof DeviceLostError ? message : `gpu: ${message}`,
      })
    } finally {
      if (--this.inFlight === 0) this.busyNs += this.now() - this.busySince
      this.liveDeviceBytes -= bytes
      if (this.entries.length < MAX_TIMELINE_ENTRIES) {
        this.entries.push({ worker: 0, start, end: this.now(), label: job.kernel })
      }
    }
  }

  /** A buffer the adapter cannot bind, or buffers over the run's device memory (its `memoryMb`). */
  private memoryProblem(gpu: GpuHandle, job: KernelJob): string | undefined {
    const { limits } = gpu.device
    let total = this.liveDeviceBytes
    for (const [name, spec] of Object.entries(job.buffers)) {
      const bytes = deviceBytes(spec)
      total += bytes
      const largest = spec.uniform ? limits.maxUniformBufferBindingSize : limits.maxStorageBufferBindingSize
      if (bytes > largest) {
        return `Exceeded the GPU's largest buffer: "${name}" needs ${formatBytes(bytes)}; a ${spec.uniform ? 'uniform' : 'storage'} buffer on this device holds at most ${formatBytes(largest)}.`
      }
    }
    if (total > this.deviceLimitBytes) {
      return `Exceeded the GPU memory limit of ${this.options.limits.memoryMb} MB: kernel "${job.kernel}" asked for ${formatBytes(total - this.liveDeviceBytes)} of buffers${this.liveDeviceBytes > 0 ? ` while ${formatBytes(this.liveDeviceBytes)} were in use` : ''}.`
    }
    return undefined
  }

  /** The first fault wins and ends the run; the guest's promise rejects with it meanwhile. */
  private fail(failure: KernelFault): { ok: false; fault: GuestFault } {
    this.fault ??= failure
    return { ok: false, fault: { kind: 'Error', message: this.fault.message } }
  }

  private async deliver(id: number, done: { ok: true; value: object } | { ok: false; fault: GuestFault }) {
    const main = this.main
    if (this.disposed || !this.settle || !main || main.isDisposed) return
    try {
      const buffers = done.ok
        ? Object.values(done.value).map((array: ArrayBufferView) => array.buffer as ArrayBuffer)
        : []
      const value = done.ok
        ? new ivm.ExternalCopy(done.value, { transferList: buffers }).copyInto({
            release: true,
            transferIn: true,
          })
        : undefined
      // Settling resumes the learner's code after `await gpu.run`: it runs inside this call.
      const leftMs = Math.ceil(this.options.limits.cpuMs - Number(main.cpuTime) / 1e6)
      await this.settle.apply(undefined, [id, value, done.ok ? undefined : done.fault], {
        timeout: Math.max(1, leftMs),
        arguments: { copy: true },
      })
    } catch (error) {
      if (this.disposed || main.isDisposed) return
      const timedOut = error instanceof Error && error.message === 'Script execution timed out.'
      this.fault ??= timedOut
        ? {
            status: 'TimeLimit',
            message: `Used more than ${this.options.limits.cpuMs} ms of CPU time while running your code after gpu.run.`,
          }
        : { status: 'RuntimeError', message: `gpu: the results could not be returned: ${String(error)}` }
      main.dispose()
    }
  }

  private now(): number {
    return Number(process.hrtime.bigint() - this.startedAt)
  }
}

function emptyCall(): CallCounters {
  return {
    kernelNs: 0,
    jobs: 0,
    dispatches: 0,
    bytesUploaded: 0,
    bytesReadBack: 0,
    kernelBytes: 0,
    flops: 0,
    peakDeviceBytes: 0,
    hostNs: 0,
  }
}
