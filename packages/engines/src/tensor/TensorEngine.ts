import { type RunOutcome, SourcePositions } from '@arena/sandbox'
import ivm from 'isolated-vm'
import type { EngineCounters, EngineInstance, EngineRunOptions } from '../EngineInstance.ts'
import { acquireGpu, resetGpu } from '../webgpu/gpuDevice.ts'
import {
  type Backend,
  BINARY_OPS,
  type BinaryOp,
  REDUCE_OPS,
  type ReduceOp,
  SCALAR_OPS,
  type ScalarOp,
  UNARY_OPS,
  type UnaryOp,
} from './Backend.ts'
import { CpuBackend } from './cpuBackend.ts'
import { GpuBackend } from './gpuBackend.ts'
import {
  aroundAxis,
  broadcast,
  checkShape,
  formatShape,
  normalizeAxis,
  ShapeError,
  sizeOf,
} from './shapes.ts'
import { TENSOR_GUEST_SOURCE } from './tensorGuestSource.ts'

type Failure = Exclude<RunOutcome, { status: 'ok' }>

interface Entry<S> {
  shape: number[]
  size: number
  storage: S
}

/** The backend a runner class gets: `cpu` → cpu, `gpu:<adapter>` → the WebGPU device. */
export function backendKindOf(runnerClass: string): 'cpu' | 'gpu' {
  return runnerClass.startsWith('gpu:') ? 'gpu' : 'cpu'
}

/** Host answers: an op's new tensor, or why it failed (the guest throws a TensorError from the learner's call). */
type Answer = [id: number, shape: number[]] | string
/** Live tensors at most: millions of tiny ones would cost the host (and the GPU) far more than their bytes. */
export const MAX_LIVE_TENSORS = 100_000
/** Answers starting with this end the run as MemoryLimit, whatever the learner does with the error. */
const MEMORY_PREFIX = 'MemoryLimit: '

/**
 * The `tensor` engine of one run: float32 ndarrays held by the host (`cpu`: Float32Arrays; `gpu`:
 * storage buffers on the process's WebGPU device). Learner code holds opaque ids wrapped in guest
 * objects; every op is one host call. Live tensors may hold at most the run's `memoryMb` (beside the
 * isolate's own heap, which has the same limit), so batch sizes are bounded the way device memory
 * bounds them.
 */
export class TensorEngine implements EngineInstance {
  readonly name = 'tensor'
  readonly kind: 'cpu' | 'gpu'
  private backend: Backend<unknown> | undefined
  private readonly tensors = new Map<number, Entry<unknown>>()
  private nextId = 1
  private liveBytes = 0
  private peakBytes = 0
  private peakHeld = 0
  private reads = 0
  private readsInFlight = 0
  private fault: Failure | undefined
  private readonly limitBytes: number
  private readonly positions: SourcePositions
  private isolate: ivm.Isolate | undefined
  private settle: ivm.Reference<unknown> | undefined
  private disposed = false
  private gpuError: string | undefined
  private device: GPUDevice | undefined
  private readonly onGpuError = (event: Event) => {
    const message = (event as GPUUncapturedErrorEvent).error?.message ?? 'unknown error'
    this.gpuError ??= message
  }

  constructor(private readonly options: EngineRunOptions) {
    this.kind = backendKindOf(options.runnerClass)
    this.limitBytes = options.limits.memoryMb * 2 ** 20
    this.positions = new SourcePositions(options.program.filename, options.program.sourceMap)
  }

  async install({ isolate, context }: { isolate: ivm.Isolate; context: ivm.Context }): Promise<void> {
    this.isolate = isolate
    if (this.kind === 'gpu') {
      try {
        const gpu = await acquireGpu()
        this.device = gpu.device
        this.device.addEventListener('uncapturederror', this.onGpuError)
        this.backend = new GpuBackend(gpu) as Backend<unknown>
      } catch (error) {
        this.fault = {
          status: 'RuntimeError',
          message: `This run is on the ${this.options.runnerClass} runner class, but its GPU could not be opened: ${error instanceof Error ? error.message : String(error)}`,
        }
        throw error
      }
    } else {
      this.backend = new CpuBackend() as Backend<unknown>
    }
    const answer = (run: () => Answer): Answer => {
      try {
        return run()
      } catch (error) {
        if (error instanceof ShapeError) return error.message
        // A host fault (a GPU error, a bug): the run ends with it, never a host stack in learner code.
        this.fault ??= {
          status: 'RuntimeError',
          message: `tensor: ${error instanceof Error ? error.message : String(error)}`,
        }
        return `tensor engine fault: ${this.fault.message}`
      }
    }
    const callbacks = [
      new ivm.Callback((values: unknown, shape: unknown) => answer(() => this.upload(values, shape))),
      new ivm.Callback((shape: unknown, value: unknown) => answer(() => this.fill(shape, value))),
      new ivm.Callback((op: unknown, ids: unknown, args: unknown) => answer(() => this.op(op, ids, args))),
      new ivm.Callback((id: unknown) => this.free(id)),
      new ivm.Callback((id: unknown, token: unknown) => this.read(id, token), { ignored: true }),
      new ivm.Callback((stack: unknown) => this.locateFault(stack)),
      new ivm.Callback(() => [this.liveBytes, this.tensors.size, this.limitBytes]),
    ]
    const setup = await context.eval(TENSOR_GUEST_SOURCE, { reference: true, filename: 'arena:tensor' })
    this.settle = await setup.apply(undefined, [...callbacks, this.kind], {
      timeout: 1000,
      result: { reference: true },
    })
    setup.release()
  }

  beforeCall(): void {
    const counters = this.backend?.counters
    if (counters) {
      counters.opsDispatched = 0
      counters.bytesToDevice = 0
      counters.bytesFromDevice = 0
    }
    this.peakBytes = this.liveBytes
    this.peakHeld = this.backend?.heldBytes() ?? 0
    this.reads = 0
  }

  failure(): Failure | undefined {
    if (this.fault) return this.fault
    const lost = this.backend?.lost()
    if (lost)
      return { status: 'RuntimeError', message: `${lost}; the runner opens a fresh device for the next run.` }
    if (this.gpuError)
      return {
        status: 'RuntimeError',
        message: `The GPU reported an error during this run: ${this.gpuError}`,
      }
    return undefined
  }

  counters(): EngineCounters {
    const counters = this.backend?.counters
    const result: EngineCounters = {
      opsDispatched: counters?.opsDispatched ?? 0,
      bytesToDevice: counters?.bytesToDevice ?? 0,
      bytesFromDevice: counters?.bytesFromDevice ?? 0,
      peakTensorBytes: this.peakBytes,
      liveTensors: this.tensors.size,
      reads: this.reads,
    }
    if (this.kind === 'gpu') result.peakDeviceBytes = this.peakHeld
    return result
  }

  async dispose(): Promise<void> {
    if (this.disposed) return
    this.disposed = true
    this.settle?.release()
    this.device?.removeEventListener('uncapturederror', this.onGpuError)
    this.backend?.dispose()
    this.tensors.clear()
    // A lost or erroring device is not handed to the next run, nor one still busy with this run's work
    // (a run stopped by its wall time while waiting for a read).
    if (this.kind === 'gpu' && (this.backend?.lost() || this.gpuError || this.readsInFlight > 0))
      await resetGpu()
  }

  private get store(): Backend<unknown> {
    if (!this.backend || this.disposed) throw new ShapeError('tensor: the run has ended')
    return this.backend
  }

  private entry(id: unknown, what: string): Entry<unknown> {
    const entry = typeof id === 'number' ? this.tensors.get(id) : undefined
    if (!entry)
      throw new ShapeError(`${what}: this tensor was disposed (or never existed); keep it until its last use`)
    return entry
  }

  /**
   * Admits a new tensor of `shape`, or ends the run as MemoryLimit with a message that says why.
   * Tensor storage has a budget of its own, the run's `memoryMb` (as device memory is separate from
   * host memory); counted exactly, in live tensor bytes, so the verdict does not depend on when V8
   * collects garbage.
   */
  private reserve(shape: readonly number[], what: string): void {
    const bytes = sizeOf(shape) * 4
    const maxTensor =
      this.backend instanceof GpuBackend ? this.backend.maxTensorBytes() : Number.POSITIVE_INFINITY
    const tooMany = this.tensors.size >= MAX_LIVE_TENSORS
    if (this.liveBytes + bytes <= this.limitBytes && bytes <= maxTensor && !tooMany) return
    const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`
    const message = tooMany
      ? `${what}: ${MAX_LIVE_TENSORS} tensors are live, the most a run may hold; dispose tensors you no longer need (t.dispose() or tensor.tidy)`
      : bytes > maxTensor
        ? `${what}: a ${formatShape(shape)} tensor needs ${mb(bytes)}, more than this GPU's largest buffer (${mb(maxTensor)})`
        : `${what}: a ${formatShape(shape)} tensor needs ${mb(bytes)}, but ${mb(this.liveBytes)} of tensors are live (${this.tensors.size} tensors) and tensor memory is limited to ${this.options.limits.memoryMb} MB. Use smaller batches, and dispose tensors you no longer need (t.dispose() or tensor.tidy).`
    this.fault ??= { status: 'MemoryLimit', message: `Exceeded the tensor memory limit: ${message}` }
    throw new MemoryFault(message)
  }

  private add(shape: number[], storage: unknown): Answer {
    const id = this.nextId++
    const size = sizeOf(shape)
    this.tensors.set(id, { shape, size, storage })
    this.liveBytes += size * 4
    if (this.liveBytes > this.peakBytes) this.peakBytes = this.liveBytes
    const held = this.store.heldBytes()
    if (held > this.peakHeld) this.peakHeld = held
    return [id, shape]
  }

  private upload(values: unknown, shapeArg: unknown): Answer {
    if (!(values instanceof Float32Array)) throw new ShapeError('tensor.from: values must be a Float32Array')
    const shape = checkShape(shapeArg, 'tensor.from')
    if (sizeOf(shape) !== values.length)
      throw new ShapeError(
        `tensor.from: ${values.length} values do not fill the shape ${formatShape(shape)} (${sizeOf(shape)} values)`,
      )
    this.reserve(shape, 'tensor.from')
    return this.add(shape, this.store.upload(values))
  }

  private fill(shapeArg: unknown, value: unknown): Answer {
    const shape = checkShape(shapeArg, 'tensor.fill')
    if (typeof value !== 'number') throw new ShapeError('tensor.fill: the value must be a number')
    this.reserve(shape, 'tensor.fill')
    return this.add(shape, this.store.fill(sizeOf(shape), value))
  }

  private op(opArg: unknown, idsArg: unknown, argsArg: unknown): Answer {
    const op = String(opArg)
    const ids = Array.isArray(idsArg) ? idsArg : []
    const args = Array.isArray(argsArg) ? argsArg : []
    const store = this.store
    const a = this.entry(ids[0], op)
    const result = (shape: number[], run: () => unknown): Answer => {
      this.reserve(shape, op)
      return this.add(shape, run())
    }
    switch (op) {
      case 'unary': {
        const kind = args[0] as UnaryOp
        if (!UNARY_OPS.includes(kind)) throw new ShapeError(`unknown op ${String(kind)}`)
        return result(a.shape, () => store.unary(kind, a.storage, a.size))
      }
      case 'scalar': {
        const kind = args[0] as ScalarOp
        const s = args[1]
        if (!SCALAR_OPS.includes(kind)) throw new ShapeError(`unknown op ${String(kind)}`)
        if (typeof s !== 'number') throw new ShapeError(`${kind}: expects a tensor or a number`)
        return result(a.shape, () => store.scalar(kind, a.storage, s, a.size))
      }
      case 'binary': {
        const kind = args[0] as BinaryOp
        if (!BINARY_OPS.includes(kind)) throw new ShapeError(`unknown op ${String(kind)}`)
        const b = this.entry(ids[1], kind)
        const { shape, aStrides, bStrides } = broadcast(a.shape, b.shape, kind)
        return result(shape, () => store.binary(kind, a.storage, b.storage, shape, aStrides, bStrides))
      }
      case 'matmul': {
        const b = this.entry(ids[1], 'matmul')
        if (a.shape.length !== 2 || b.shape.length !== 2)
          throw new ShapeError(
            `matmul: both tensors must be matrices (rank 2); got ${formatShape(a.shape)} and ${formatShape(b.shape)} (reshape a vector to [1, n] or [n, 1])`,
          )
        const [m, k] = a.shape as [number, number]
        const [k2, n] = b.shape as [number, number]
        if (k !== k2)
          throw new ShapeError(
            `matmul: ${formatShape(a.shape)} × ${formatShape(b.shape)}: the inner sizes differ (${k} vs ${k2}); did you mean to transpose one of them?`,
          )
        return result([m, n], () => store.matmul(a.storage, b.storage, m, k, n))
      }
      case 'reduce': {
        const kind = args[0] as ReduceOp
        if (!REDUCE_OPS.includes(kind)) throw new ShapeError(`unknown op ${String(kind)}`)
        const keepDims = args[2] === true
        if (args[1] === null || args[1] === undefined) {
          return result(keepDims ? a.shape.map(() => 1) : [1], () =>
            store.reduce(kind, a.storage, 1, a.size, 1),
          )
        }
        const axis = normalizeAxis(args[1], a.shape.length, kind)
        const { outer, len, inner } = aroundAxis(a.shape, axis)
        const shape = keepDims
          ? a.shape.map((d, i) => (i === axis ? 1 : d))
          : a.shape.filter((_, i) => i !== axis)
        return result(shape.length === 0 ? [1] : shape, () =>
          store.reduce(kind, a.storage, outer, len, inner),
        )
      }
      case 'softmax':
      case 'argmax': {
        const cols = a.shape[a.shape.length - 1] as number
        const rows = a.size / cols
        if (op === 'softmax') return result(a.shape, () => store.softmax(a.storage, rows, cols))
        const shape = a.shape.length > 1 ? a.shape.slice(0, -1) : [1]
        return result(shape, () => store.argmax(a.storage, rows, cols))
      }
      case 'transpose': {
        if (a.shape.length !== 2)
          throw new ShapeError(`transpose: expects a matrix (rank 2), got ${formatShape(a.shape)}`)
        const [rows, cols] = a.shape as [number, number]
        return result([cols, rows], () => store.transpose(a.storage, rows, cols))
      }
      case 'rows': {
        const rows = a.shape[0] as number
        const start = args[0]
        const end = args[1] === undefined ? rows : args[1]
        if (
          !Number.isSafeInteger(start) ||
          !Number.isSafeInteger(end) ||
          (start as number) < 0 ||
          (end as number) > rows ||
          (start as number) >= (end as number)
        )
          throw new ShapeError(
            `rows(${String(start)}, ${String(end)}): a tensor of shape ${formatShape(a.shape)} has rows 0 to ${rows}; expected 0 ≤ start < end ≤ ${rows}`,
          )
        const rowSize = a.size / rows
        const shape = [(end as number) - (start as number), ...a.shape.slice(1)]
        return result(shape, () => store.copy(a.storage, (start as number) * rowSize, sizeOf(shape)))
      }
      case 'reshape': {
        const shape = checkShape(args[0], 'reshape')
        if (sizeOf(shape) !== a.size)
          throw new ShapeError(
            `reshape: ${formatShape(a.shape)} has ${a.size} values, ${formatShape(shape)} would have ${sizeOf(shape)}`,
          )
        return result(shape, () => store.copy(a.storage, 0, a.size))
      }
      default:
        throw new ShapeError(`unknown tensor op ${op}`)
    }
  }

  private free(id: unknown): boolean {
    const entry = typeof id === 'number' ? this.tensors.get(id) : undefined
    if (!entry || this.disposed) return false
    this.tensors.delete(id as number)
    this.liveBytes -= entry.size * 4
    this.backend?.free(entry.storage)
    return true
  }

  private read(id: unknown, token: unknown): void {
    const entry = typeof id === 'number' ? this.tensors.get(id) : undefined
    if (!entry || !this.backend) {
      void this.deliver(token, undefined, 'data(): this tensor was disposed before it was read')
      return
    }
    this.reads++
    this.readsInFlight++
    const reading = this.backend.read(entry.storage, entry.size)
    reading
      .finally(() => this.readsInFlight--)
      .then(
        (values) => this.deliver(token, values, undefined),
        (error: unknown) =>
          this.deliver(
            token,
            undefined,
            `data(): the values could not be read back: ${error instanceof Error ? error.message : String(error)}`,
          ),
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
      this.fault ??= timedOut
        ? {
            status: 'TimeLimit',
            message: `Used more than ${this.options.limits.cpuMs} ms of CPU time after a tensor read.`,
          }
        : {
            status: 'RuntimeError',
            message: `tensor: data() could not be delivered: ${error instanceof Error ? error.message : String(error)}`,
          }
      isolate.dispose()
    }
  }

  /** The guest reports where a MemoryLimit happened: the learner's line goes into the verdict. */
  private locateFault(stack: unknown): void {
    if (typeof stack !== 'string' || !this.fault || this.fault.location) return
    const { stack: mapped, location } = this.positions.rewriteStack(stack)
    if (!location) return
    this.fault = {
      ...this.fault,
      message: `${this.fault.message} (line ${location.line}, column ${location.column})`,
      stack: mapped,
      location,
    }
  }
}

/** Unwinds an op over the limit; its answer tells the guest to throw (the run is MemoryLimit already). */
class MemoryFault extends ShapeError {
  constructor(message: string) {
    super(`${MEMORY_PREFIX}${message}`)
  }
}

export function createTensorEngine(options: EngineRunOptions): EngineInstance {
  return new TensorEngine(options)
}
