import { callingThreadCpuNs, isIsolateTimeout, type RunOutcome, SourcePositions } from '@arena/sandbox'
import ivm from 'isolated-vm'
import type { EngineCounters, EngineInstance, EngineRunOptions } from '../EngineInstance.ts'
import { WallBudget } from '../wallBudget.ts'
import { acquireGpu, resetGpu } from '../webgpu/gpuDevice.ts'
import type { Backend } from './Backend.ts'
import { CpuBackend } from './cpuBackend.ts'
import { GpuBackend } from './gpuBackend.ts'
import { backendKindOf, TensorStore } from './TensorStore.ts'
import { TENSOR_GUEST_SOURCE } from './tensorGuestSource.ts'

export { backendKindOf } from './TensorStore.ts'

type Failure = Exclude<RunOutcome, { status: 'ok' }>

/** What isolated-vm throws at a host call whose isolate V8 disposed at its memory limit. */
const MEMORY_LIMIT_DISPOSAL =
  /disposed during execution due to memory limit|Unable to deserialize cloned data/

/**
 * The `tensor` engine of one run in an isolate: a TensorStore (ids, memory budget, ops; shared with the
 * browser's local runs) on the cpu backend or on the process's WebGPU device, reached from the isolate
 * through host callbacks. This class adds only what the isolate needs: the callbacks, delivering
 * `data()` reads into the isolate with the run's CPU time left, the learner's line in a MemoryLimit
 * (from the program's source map) and the device's reset after a run that spoiled it.
 */
export class TensorEngine implements EngineInstance {
  readonly name = 'tensor'
  readonly kind: 'cpu' | 'gpu'
  private store: TensorStore | undefined
  private fault: Failure | undefined
  private readonly positions: SourcePositions
  private isolate: ivm.Isolate | undefined
  private settle: ivm.Reference<unknown> | undefined
  private disposed = false
  /** Host time of the ops and copies done on the run's behalf (contract C3: counted against cpuMs). */
  private hostNs = 0
  /** The timeout of calls into the learner's isolate (wallBudget.ts says why not the CPU left). */
  private readonly wall: WallBudget
  /** This (the host's) thread's CPU when the timed call began: its ops and hops are the call's work. */
  private hostThreadAtCall: number | undefined
  /** The last call's `opsAndCodeNs` (see counters()). */
  private opsAndCodeNs: number | undefined

  constructor(private readonly options: EngineRunOptions) {
    this.wall = new WallBudget(options.limits.wallMs)
    this.kind = backendKindOf(options.runnerClass)
    this.positions = new SourcePositions(options.program.filename, options.program.sourceMap)
  }

  async install({ isolate, context }: { isolate: ivm.Isolate; context: ivm.Context }): Promise<void> {
    this.isolate = isolate
    const { memoryMb } = this.options.limits
    if (this.kind === 'gpu') {
      try {
        const gpu = await acquireGpu()
        this.store = new TensorStore(new GpuBackend(gpu) as Backend<unknown>, memoryMb, gpu.device)
      } catch (error) {
        this.fault = {
          status: 'RuntimeError',
          message: `This run is on the ${this.options.runnerClass} runner class, but its GPU could not be opened: ${error instanceof Error ? error.message : String(error)}`,
        }
        throw error
      }
    } else {
      this.store = new TensorStore(new CpuBackend() as Backend<unknown>, memoryMb)
    }
    const store = this.store
    // Every op runs synchronously on the host (the cpu backend computes it there; the gpu backend
    // encodes and submits it): its time is the run's CPU, like the isolate's own.
    const callbacks = [
      new ivm.Callback((values: unknown, shape: unknown) => this.timed(() => store.upload(values, shape))),
      new ivm.Callback((shape: unknown, value: unknown) => this.timed(() => store.fill(shape, value))),
      new ivm.Callback((op: unknown, ids: unknown, args: unknown) =>
        this.timed(() => store.op(op, ids, args)),
      ),
      new ivm.Callback((id: unknown) => this.timed(() => store.free(id))),
      new ivm.Callback((id: unknown, token: unknown) => this.timed(() => this.read(id, token)), {
        ignored: true,
      }),
      new ivm.Callback((stack: unknown) => this.locateFault(stack)),
      new ivm.Callback(() => store.memory()),
    ]
    const setup = await context.eval(TENSOR_GUEST_SOURCE, { reference: true, filename: 'arena:tensor' })
    this.settle = await setup.apply(undefined, [...callbacks, this.kind], {
      timeout: 1000,
      result: { reference: true },
    })
    setup.release()
  }

  beforeCall(): void {
    this.store?.beforeCall()
    this.opsAndCodeNs = undefined
    this.hostThreadAtCall = callingThreadCpuNs()
  }

  /**
   * Closes the call's `opsAndCodeNs`. On the cpu backend: the CPU of the code (the isolate's thread)
   * and of this thread meanwhile, which runs every op, upload and read and each hop's host side; a
   * call of 20-50 ms timed by the wall on a machine busier than its cores read whatever share of a
   * core the scheduler gave it (the exact reference was gold 8 times in 10 beside a CPU hog). On the
   * gpu backend: the call's wall time, as the device's work is no CPU of this process.
   */
  afterCall(_index: number, measured: { cpuNs: number; wallNs: number }): void {
    const hostThreadNow = callingThreadCpuNs()
    this.opsAndCodeNs =
      this.kind === 'cpu' && this.hostThreadAtCall !== undefined && hostThreadNow !== undefined
        ? measured.cpuNs + (hostThreadNow - this.hostThreadAtCall)
        : measured.wallNs
  }

  failure(): Failure | undefined {
    return this.fault ?? this.store?.failure()
  }

  counters(): EngineCounters {
    const counters = this.store?.counters()
    if (counters && this.opsAndCodeNs !== undefined) counters.opsAndCodeNs = this.opsAndCodeNs
    return (
      counters ?? {
        opsDispatched: 0,
        bytesToDevice: 0,
        bytesFromDevice: 0,
        peakTensorBytes: 0,
        liveTensors: 0,
        reads: 0,
      }
    )
  }

  /** Contract C3: the host time of the run's tensor ops, uploads and reads, for the run's CPU limit. */
  hostCpuNs(): number {
    return this.hostNs
  }

  /**
   * Runs synchronous host work on the run's behalf, adding its time to hostCpuNs. By the wall, not the
   * thread's CPU (hostWorkClockNs): reading /proc twice per op would cost more than a small op itself,
   * and the per-sample baselines make thousands of them. The call's clock (opsAndCodeNs) reads the
   * thread's CPU once at each end of the call instead.
   */
  private timed<T>(work: () => T): T {
    const startedAt = process.hrtime.bigint()
    try {
      return work()
    } finally {
      this.hostNs += Number(process.hrtime.bigint() - startedAt)
    }
  }

  async dispose(): Promise<void> {
    if (this.disposed) return
    this.disposed = true
    this.settle?.release()
    const spoiled = this.store?.deviceSpoiled() ?? false
    this.store?.dispose()
    // A lost or erroring device is not handed to the next run, nor one still busy with this run's work
    // (a run stopped by its wall time while waiting for a read).
    if (spoiled) await resetGpu()
  }

  private read(id: unknown, token: unknown): void {
    const store = this.store
    if (!store) return
    void store
      .read(id)
      .then((read) =>
        'values' in read
          ? this.deliver(token, read.values, undefined)
          : this.deliver(token, undefined, read.problem),
      )
  }

  /** Resolves the guest's `data()` promise; its continuation runs inside this call, with the run's CPU time left. */
  private async deliver(
    token: unknown,
    values: Float32Array | undefined,
    problem: string | undefined,
  ): Promise<void> {
    const isolate = this.isolate
    if (this.disposed || !this.settle || !isolate || isolate.isDisposed) return
    try {
      const copy = this.timed(() =>
        values
          ? new ivm.ExternalCopy(values.buffer, { transferList: [values.buffer] }).copyInto({
              release: true,
              transferIn: true,
            })
          : undefined,
      )
      // Within the run's wall time left: its CPU, with this engine's host work, is the sandbox
      // watchdog's to hold (wallBudget.ts).
      await this.settle.apply(undefined, [token, copy, problem ?? this.failure()?.message], {
        timeout: this.wall.leftMs(),
        arguments: { copy: true },
      })
    } catch (error) {
      if (this.disposed) return
      // V8 disposed the isolate at its memory limit while the values went in (isolated-vm then says
      // it could not deserialize them) or while the learner's code resumed after its await: the
      // learner's MemoryLimit, not "Promise was abandoned" (as the pool engine does for its results).
      if (isolate.isDisposed && error instanceof Error && MEMORY_LIMIT_DISPOSAL.test(error.message)) {
        const fault: Failure = {
          status: 'MemoryLimit',
          message: `Exceeded the memory limit of ${this.options.limits.memoryMb} MB while a tensor's data() was copied into your code and it resumed after its await.`,
        }
        if (this.store) this.store.fault ??= fault
        else this.fault ??= fault
        return
      }
      if (isolate.isDisposed) return
      const fault: Failure = isIsolateTimeout(error)
        ? {
            status: 'TimeLimit',
            message: `Stopped after ${this.options.limits.wallMs} ms of wall time after a tensor read.`,
          }
        : {
            status: 'RuntimeError',
            message: `tensor: data() could not be delivered: ${error instanceof Error ? error.message : String(error)}`,
          }
      if (this.store) this.store.fault ??= fault
      else this.fault ??= fault
      isolate.dispose()
    }
  }

  /** The guest reports where a MemoryLimit happened: the learner's line goes into the verdict. */
  private locateFault(stack: unknown): void {
    const fault = this.store?.fault
    if (typeof stack !== 'string' || !this.store || !fault || fault.location) return
    const { stack: mapped, location } = this.positions.rewriteStack(stack)
    if (!location) return
    this.store.fault = {
      ...fault,
      message: `${fault.message} (line ${location.line}, column ${location.column})`,
      stack: mapped,
      location,
    }
  }
}

export function createTensorEngine(options: EngineRunOptions): EngineInstance {
  return new TensorEngine(options)
}
