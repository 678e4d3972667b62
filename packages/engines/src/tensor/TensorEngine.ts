import { type RunOutcome, SourcePositions } from '@arena/sandbox'
import ivm from 'isolated-vm'
import type { EngineCounters, EngineInstance, EngineRunOptions } from '../EngineInstance.ts'
import { acquireGpu, resetGpu } from '../webgpu/gpuDevice.ts'
import type { Backend } from './Backend.ts'
import { CpuBackend } from './cpuBackend.ts'
import { GpuBackend } from './gpuBackend.ts'
import { backendKindOf, TensorStore } from './TensorStore.ts'
import { TENSOR_GUEST_SOURCE } from './tensorGuestSource.ts'

export { backendKindOf } from './TensorStore.ts'

type Failure = Exclude<RunOutcome, { status: 'ok' }>

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

  constructor(private readonly options: EngineRunOptions) {
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
    const callbacks = [
      new ivm.Callback((values: unknown, shape: unknown) => store.upload(values, shape)),
      new ivm.Callback((shape: unknown, value: unknown) => store.fill(shape, value)),
      new ivm.Callback((op: unknown, ids: unknown, args: unknown) => store.op(op, ids, args)),
      new ivm.Callback((id: unknown) => store.free(id)),
      new ivm.Callback((id: unknown, token: unknown) => this.read(id, token), { ignored: true }),
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
  }

  failure(): Failure | undefined {
    return this.fault ?? this.store?.failure()
  }

  counters(): EngineCounters {
    return (
      this.store?.counters() ?? {
        opsDispatched: 0,
        bytesToDevice: 0,
        bytesFromDevice: 0,
        peakTensorBytes: 0,
        liveTensors: 0,
        reads: 0,
      }
    )
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
      const copy = values
        ? new ivm.ExternalCopy(values.buffer, { transferList: [values.buffer] }).copyInto({
            release: true,
            transferIn: true,
          })
        : undefined
      const leftMs = Math.ceil(this.options.limits.cpuMs - Number(isolate.cpuTime) / 1e6)
      await this.settle.apply(undefined, [token, copy, problem ?? this.failure()?.message], {
        timeout: Math.max(1, leftMs),
        arguments: { copy: true },
      })
    } catch (error) {
      if (this.disposed || isolate.isDisposed) return
      const timedOut = error instanceof Error && error.message === 'Script execution timed out.'
      const fault: Failure = timedOut
        ? {
            status: 'TimeLimit',
            message: `Used more than ${this.options.limits.cpuMs} ms of CPU time after a tensor read.`,
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
