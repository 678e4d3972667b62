// The gpu engine's bookkeeping for one run, apart from any sandbox: checks each job, budgets device
// memory, runs it (runKernelJob), counts and times it, and keeps the run's first fault. The isolate
// engine (GpuEngine.ts) and the browser's local run (apps/web/src/local/engines) both drive one of
// these. No node:* or isolated-vm imports: the browser bundle (src/browser.ts) imports this file.
import type { GpuHandle } from '../webgpu/GpuHandle.ts'
import { checkKernelJob, deviceBytes, type KernelJob, MAX_BUFFERS, MAX_DISPATCHES } from './kernelJob.ts'
import { DeviceLostError, formatBytes, type KernelFault, runKernelJob } from './runKernelJob.ts'

/** A fault the guest's promise rejects with: thrown from `gpu.run` as this kind of error. */
export type GuestFault = { kind: 'Error' | 'TypeError'; message: string }

/** One job's end, as the guest's `settle` takes it. */
export type JobDone = { ok: true; value: Record<string, ArrayBufferView> } | { ok: false; fault: GuestFault }

/** A fault that ends the run whatever the learner's code does next. */
export interface KernelRunFault {
  status: 'CompileError' | 'MemoryLimit' | 'RuntimeError' | 'TimeLimit'
  message: string
}

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

/**
 * The learner's code's own CPU time in the call, where the host can measure it (an isolate): the
 * call's CPU less the engine's copying of jobs. `kernelAndCodeNs` = kernel time + this is what the gpu
 * challenges rank by, so an answer computed on the CPU beside a token kernel is timed as what it is.
 */
interface CodeClock {
  codeCpuNs: number
  jobCopyCpuNs: number
}

export interface KernelTimelineEntry {
  worker: number
  start: number
  end: number
  label: string
}

const MAX_TIMELINE_ENTRIES = 2000

/**
 * How the host times its work on a run's behalf. A host that can see its threads' CPU passes its CPU
 * clocks (GpuEngine); a browser has only wall time (the default).
 */
export interface HostClocks {
  /** The calling thread's clock, in ms (only differences count): synchronous work, such as encoding a job. */
  threadMs(): number
  /** Starts timing work another thread does (a pipeline compile): the function it answers reads its ns so far. */
  offloaded(): () => number
}

const WALL_CLOCKS: HostClocks = {
  threadMs: () => performance.now(),
  offloaded: () => {
    const startedAt = performance.now()
    return () => Math.round((performance.now() - startedAt) * 1e6)
  },
}

/**
 * The gpu engine of one run on one device (or none: `unavailable` says why, and every job fails with
 * it). Any GPU fault (a WGSL compile error, device memory over the run's `memoryMb`, a binding the
 * shader does not match, a lost device) ends the run: `failure()`.
 */
export class KernelSession {
  private readonly startedAt = performance.now()
  private readonly deviceLimitBytes: number
  private readonly lost: Promise<never> | undefined
  /** The first fault of the run; a host adds its own (results it could not deliver). */
  fault: KernelRunFault | undefined
  private ended = false
  /** Jobs still on the device: a run that ends with one spinning leaves its device unusable. */
  inFlight = 0
  /** Host time of the run's jobs' synchronous work (KernelMeasurement.hostWorkNs), compiles apart. */
  private jobsHostNs = 0
  /** Time the run's jobs spent compiling, those that ended (see `hostWorkNs`). */
  private compiledNs = 0
  /** Compiles in flight: each one's clock, and its kernel. */
  private readonly compiling = new Map<number, { elapsedNs: () => number; kernel: string }>()
  private compiles = 0
  private liveDeviceBytes = 0
  private clock: 'timestamps' | 'wall' | undefined
  private call: CallCounters = emptyCall()
  private code: CodeClock | undefined
  private callStartedAt: number | undefined
  private busySince = 0
  private busyNs = 0
  private readonly entries: KernelTimelineEntry[] = []

  constructor(
    private readonly memoryMb: number,
    private readonly gpu: GpuHandle | undefined,
    private readonly unavailable?: string,
    private readonly clocks: HostClocks = WALL_CLOCKS,
  ) {
    this.deviceLimitBytes = memoryMb * 2 ** 20
    if (gpu) {
      this.lost = gpu.device.lost.then((info) => {
        throw new DeviceLostError(
          `The GPU device was lost (${info.reason}: ${info.message || 'no reason given'}); the runner opens a new device for the next run.`,
        )
      })
      this.lost.catch(() => {})
      // Every call here is in an error scope; uncaptured errors would only be printed.
      gpu.device.onuncapturederror = () => {}
    }
  }

  /**
   * Host work on the run's behalf, for the run's CPU limit: the jobs' synchronous work, and their
   * compiles, those in flight to now. A compile is CPU-bound (Tint checks the module, then the driver
   * compiles the pipeline, on Dawn's threads: on SwiftShader, LLVM) and is timed by the offloaded
   * clock, CPU where the host can see its threads. By wall time, compiles that waited for a core on
   * a busy machine read 21.8 s for an honest tiled-matmul whose compiles take 1-2 s of CPU, and its run
   * ended TimeLimit. Counted while it runs, the CPU watchdog ends a long compile as it ends the code's
   * own loops. (Tint's synchronous parse in createShaderModule is the caller's: see GpuEngine.timed.)
   */
  get hostWorkNs(): number {
    let ns = this.jobsHostNs + this.compiledNs
    for (const { elapsedNs } of this.compiling.values()) ns += elapsedNs()
    return ns
  }

  /** What the run is doing on its behalf now, if it is compiling: a CPU limit's message names it. */
  activity(): string | undefined {
    for (const { kernel } of this.compiling.values()) return `compiling gpu kernel "${kernel}"`
    return undefined
  }

  /** The second argument of GPU_GUEST_SOURCE: the limits the guest checks and `gpu.info`. */
  guestInfo() {
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

  beforeCall(): void {
    this.call = emptyCall()
    this.code = undefined
    this.call.peakDeviceBytes = this.liveDeviceBytes
    this.callStartedAt = this.now()
    this.busyNs = 0
  }

  /** Asked right after each call returns: the moment to close the call's clocks. */
  failure(): KernelRunFault | undefined {
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

  /** The host's CPU clock of the call (see CodeClock); a browser has none. */
  closeCodeClock(codeCpuNs: number, jobCopyCpuNs: number): void {
    this.code = { codeCpuNs, jobCopyCpuNs }
  }

  counters(): Record<string, number> {
    const { kernelNs, kernelBytes, flops, jobs } = this.call
    const counters: Record<string, number> = { ...this.call }
    if (this.code) {
      Object.assign(counters, this.code)
      // With no kernel, kernelNs is the call's wall time; the code's CPU time already is the work.
      counters.kernelAndCodeNs = (jobs > 0 ? kernelNs : 0) + this.code.codeCpuNs
    }
    // Derived for the result: bytes the kernels bound per second of kernel time, and declared FLOP/s.
    if (kernelNs > 0) {
      counters.kernelGBps = kernelBytes / kernelNs
      if (flops > 0) counters.kernelGflops = flops / kernelNs
    }
    if (this.clock) counters.timestampClock = this.clock === 'timestamps' ? 1 : 0
    return counters
  }

  timeline(): KernelTimelineEntry[] {
    return [...this.entries]
  }

  /** No job starts after this; one in flight still finishes (its device cannot stop it). */
  end(): void {
    this.ended = true
  }

  /** One `gpu.run`: checked again here (learner code can patch the guest's built-ins), then run. */
  async run(raw: unknown): Promise<JobDone> {
    if (this.fault) return { ok: false, fault: { kind: 'Error', message: this.fault.message } }
    if (this.ended) return { ok: false, fault: { kind: 'Error', message: 'gpu: the run has ended' } }
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
      const outcome = await runKernelJob(
        gpu,
        job,
        this.lost,
        () => this.ended,
        (kernel) => this.startCompile(kernel),
        this.clocks.threadMs,
      )
      if (!outcome.ok) return this.fail(outcome.fault)
      const { measured } = outcome
      this.jobsHostNs += measured.hostWorkNs
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

  /** Counts a compile from now to the call of the function answered (runKernelJob's onCompile). */
  private startCompile(kernel: string): () => void {
    const id = this.compiles++
    this.compiling.set(id, { elapsedNs: this.clocks.offloaded(), kernel })
    return () => {
      const compile = this.compiling.get(id)
      if (!compile) return
      this.compiling.delete(id)
      this.compiledNs += compile.elapsedNs()
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
      return `Exceeded the GPU memory limit of ${this.memoryMb} MB: kernel "${job.kernel}" asked for ${formatBytes(total - this.liveDeviceBytes)} of buffers${this.liveDeviceBytes > 0 ? ` while ${formatBytes(this.liveDeviceBytes)} were in use` : ''}.`
    }
    return undefined
  }

  /** The first fault wins and ends the run; the guest's promise rejects with it meanwhile. */
  private fail(failure: KernelFault): { ok: false; fault: GuestFault } {
    this.fault ??= failure
    return { ok: false, fault: { kind: 'Error', message: this.fault.message } }
  }

  /** ns since the session started (performance.now(): the same clock in Node and in a browser). */
  private now(): number {
    return Math.round((performance.now() - this.startedAt) * 1e6)
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
