import {
  hostWorkClockNs,
  isIsolateTimeout,
  markProcessTainted,
  type RunOutcome,
  startOffloadedWorkClock,
} from '@arena/sandbox'
import ivm from 'isolated-vm'
import type { EngineCounters, EngineInstance, EngineRunOptions, TimelineEntry } from '../EngineInstance.ts'
import { WallBudget } from '../wallBudget.ts'
import { acquireGpu, type GpuHandle } from '../webgpu/gpuDevice.ts'
import { GPU_GUEST_SOURCE } from './gpuGuestSource.ts'
import { type HostClocks, type JobDone, KernelSession } from './KernelSession.ts'

type Failure = Exclude<RunOutcome, { status: 'ok' }>

/** The host's work timed by CPU: on a busy machine its wall time is mostly waiting for a core. */
const CPU_CLOCKS: HostClocks = { threadMs: () => hostWorkClockNs() / 1e6, offloaded: startOffloadedWorkClock }

/** What isolated-vm throws at a host call whose isolate V8 disposed at its memory limit. */
const MEMORY_LIMIT_DISPOSAL =
  /disposed during execution due to memory limit|Unable to deserialize cloned data/

/**
 * The `gpu` engine of one run in an isolate: WGSL compute kernels on the process's WebGPU device
 * (Dawn). The run's bookkeeping (checks, device-memory budget, counters, faults) is a KernelSession,
 * shared with the browser's local runs; this class copies each job (`gpu.run`) out of the isolate and
 * moves its read-backs back in. A kernel that never ends is ended by the run's wall watchdog; its
 * device cannot be destroyed while it spins, so the process is marked to be replaced, and the next run
 * opens a new device in a new process.
 */
export class GpuEngine implements EngineInstance {
  readonly name = 'gpu'
  private session: KernelSession | undefined
  private main: ivm.Isolate | undefined
  private settle: ivm.Reference<unknown> | undefined
  private disposed = false
  /** CPU the isolate spent copying this call's jobs out (between the guest's marks). */
  private copyCpuNs = 0
  /** Host time of this engine's synchronous callbacks (checking jobs, copying read-backs in). */
  private callbackNs = 0

  /** The timeout of calls into the learner's isolate (wallBudget.ts says why not the CPU left). */
  private readonly wall: WallBudget

  constructor(private readonly options: EngineRunOptions) {
    this.wall = new WallBudget(options.limits.wallMs)
  }

  async install({ isolate, context }: { isolate: ivm.Isolate; context: ivm.Context }): Promise<void> {
    this.main = isolate
    let gpu: GpuHandle | undefined
    let unavailable: string | undefined
    try {
      gpu = await acquireGpu()
    } catch (error) {
      unavailable = error instanceof Error ? error.message : String(error)
    }
    const session = new KernelSession(this.options.limits.memoryMb, gpu, unavailable, CPU_CLOCKS)
    this.session = session
    const start = new ivm.Callback(
      (id: unknown, job: unknown) =>
        this.timed(() => void session.run(job).then((done) => this.deliver(Number(id), done))),
      { ignored: true },
    )
    // Brackets each job's copy out of the isolate: that CPU is the engine's, not the learner's code's.
    let copyStartedAt: bigint | undefined
    const mark = new ivm.Callback(() => {
      if (copyStartedAt === undefined) copyStartedAt = isolate.cpuTime
      else {
        this.copyCpuNs += Number(isolate.cpuTime - copyStartedAt)
        copyStartedAt = undefined
      }
    })
    const setup = await context.eval(GPU_GUEST_SOURCE, { reference: true, filename: 'arena:gpu' })
    this.settle = await setup.apply(undefined, [start, session.guestInfo(), mark], {
      timeout: 1000,
      arguments: { copy: true },
      result: { reference: true },
    })
    setup.release()
  }

  beforeCall(): void {
    this.copyCpuNs = 0
    this.session?.beforeCall()
  }

  /** The call's own CPU time in the isolate, less the engine's copying of jobs: the learner's code. */
  afterCall(_index: number, measured: { cpuNs: number }): void {
    this.session?.closeCodeClock(Math.max(0, measured.cpuNs - this.copyCpuNs), this.copyCpuNs)
  }

  /** runProgram asks right after each call returns: the moment to close the call's clocks. */
  failure(): Failure | undefined {
    return this.session?.failure()
  }

  counters(): EngineCounters {
    return this.session?.counters() ?? {}
  }

  /**
   * Contract C3: host work on the run's behalf (checking and copying jobs, compiling and encoding
   * them, copying read-backs), counted with the isolate's CPU against the run's cpuMs. Kernel time on the device is
   * not host CPU (on SwiftShader it is, on other threads; the wall limit bounds it).
   */
  hostCpuNs(): number {
    return this.callbackNs + (this.session?.hostWorkNs ?? 0)
  }

  /** A compile in flight (KernelSession.activity): what a CPU limit's message names. */
  activity(): string | undefined {
    return this.session?.activity()
  }

  timeline(): TimelineEntry[] {
    return this.session?.timeline() ?? []
  }

  async dispose(): Promise<void> {
    this.disposed = true
    this.session?.end()
    // A kernel still running cannot be stopped, and destroying its device blocks until it ends (which
    // an endless loop never does); nor can a pipeline still compiling on Dawn's threads (a job in
    // flight from its compile on): this process is replaced after the task, with a fresh device.
    if ((this.session?.inFlight ?? 0) > 0) markProcessTainted()
    this.settle?.release()
    this.settle = undefined
  }

  /**
   * Runs synchronous host work, adding the CPU it took to hostCpuNs: checking a job, and Tint's parse
   * of a new module (createShaderModule, on this thread, before the job's first await); copying
   * read-backs in.
   */
  private timed<T>(work: () => T): T {
    const startedAt = hostWorkClockNs()
    try {
      return work()
    } finally {
      this.callbackNs += hostWorkClockNs() - startedAt
    }
  }

  private async deliver(id: number, done: JobDone) {
    const main = this.main
    const session = this.session
    if (this.disposed || !this.settle || !main || main.isDisposed || !session) return
    try {
      const value = this.timed(() => {
        if (!done.ok) return undefined
        const buffers = Object.values(done.value).map((array) => array.buffer as ArrayBuffer)
        return new ivm.ExternalCopy(done.value, { transferList: buffers }).copyInto({
          release: true,
          transferIn: true,
        })
      })
      // Settling resumes the learner's code after `await gpu.run`: it runs inside this call, within
      // the run's wall time left (its CPU, with this engine's host work, is the sandbox watchdog's).
      await this.settle.apply(undefined, [id, value, done.ok ? undefined : done.fault], {
        timeout: this.wall.leftMs(),
        arguments: { copy: true },
      })
    } catch (error) {
      if (this.disposed) return
      // V8 disposed the isolate at its memory limit while the read buffers went in (isolated-vm: it
      // could not deserialize them) or while the code resumed: the learner's MemoryLimit, not
      // "Promise was abandoned" (as the pool and tensor engines do).
      if (main.isDisposed && error instanceof Error && MEMORY_LIMIT_DISPOSAL.test(error.message)) {
        session.fault ??= {
          status: 'MemoryLimit',
          message: `Exceeded the memory limit of ${this.options.limits.memoryMb} MB while the results of gpu.run were copied into your code and it resumed after its await.`,
        }
        return
      }
      if (main.isDisposed) return
      session.fault ??= isIsolateTimeout(error)
        ? {
            status: 'TimeLimit',
            message: `Stopped after ${this.options.limits.wallMs} ms of wall time while running your code after gpu.run.`,
          }
        : { status: 'RuntimeError', message: `gpu: the results could not be returned: ${String(error)}` }
      main.dispose()
    }
  }
}
