// The tensor engine's bookkeeping, apart from any sandbox: ids, shapes, the memory budget, the ops'
// checks, counters and the run's fault. The isolate engine (TensorEngine.ts) and the browser's local
// run (apps/web/src/local/engines) both drive one of these; neither keeps a copy of its logic. No
// node:* or isolated-vm imports: the browser bundle (src/browser.ts) imports this file.
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

/** A fault that ends the run whatever the learner's code does next (the sandbox's failure shape). */
export interface EngineFault {
  status: 'MemoryLimit' | 'RuntimeError' | 'TimeLimit' | 'CompileError'
  message: string
  stack?: string
  location?: { line: number; column: number }
}

/**
 * What a host answers the guest (TENSOR_GUEST_SOURCE): an op's new tensor, or why it failed (the guest
 * throws a TensorError from the learner's call; a message starting with `MemoryLimit: ` also reports
 * where, since the run is MemoryLimit already).
 */
export type TensorAnswer = [id: number, shape: number[]] | string

/** The backend a runner class gets: `cpu` → cpu, `gpu:<adapter>` → the WebGPU device. */
export function backendKindOf(runnerClass: string): 'cpu' | 'gpu' {
  return runnerClass.startsWith('gpu:') ? 'gpu' : 'cpu'
}

/** Live tensors at most: millions of tiny ones would cost the host (and the GPU) far more than their bytes. */
export const MAX_LIVE_TENSORS = 100_000
/** Answers starting with this end the run as MemoryLimit, whatever the learner does with the error. */
const MEMORY_PREFIX = 'MemoryLimit: '

interface Entry<S> {
  shape: number[]
  size: number
  storage: S
}

/**
 * Float32 tensors of one run on one backend (`cpu`: Float32Arrays; `gpu`: storage buffers on a WebGPU
 * device). Learner code holds opaque ids; every op re-checks them. Live tensors may hold at most the
 * run's `memoryMb` (a budget beside the heap, as device memory is), counted exactly in tensor bytes so
 * the verdict does not depend on when the garbage collector runs.
 */
export class TensorStore {
  private readonly tensors = new Map<number, Entry<unknown>>()
  private nextId = 1
  private liveBytes = 0
  private peakBytes = 0
  private peakHeld = 0
  private reads = 0
  /** Reads whose values have not come back yet (a device still busy with this run when it ends). */
  readsInFlight = 0
  /** The first fault of the run; a host adds its own (a read that could not be delivered). */
  fault: EngineFault | undefined
  private gpuError: string | undefined
  private disposed = false
  private readonly limitBytes: number
  private readonly device: GPUDevice | undefined
  private readonly onGpuError = (event: Event) => {
    const message = (event as GPUUncapturedErrorEvent).error?.message ?? 'unknown error'
    this.gpuError ??= message
  }

  constructor(
    private readonly backend: Backend<unknown>,
    private readonly memoryMb: number,
    device?: GPUDevice,
  ) {
    this.limitBytes = memoryMb * 2 ** 20
    this.device = device
    this.device?.addEventListener('uncapturederror', this.onGpuError)
  }

  get kind(): 'cpu' | 'gpu' {
    return this.backend.kind
  }

  /** `tensor.from(values, shape)`. */
  upload(values: unknown, shapeArg: unknown): TensorAnswer {
    return this.answer(() => {
      if (!(values instanceof Float32Array))
        throw new ShapeError('tensor.from: values must be a Float32Array')
      const shape = checkShape(shapeArg, 'tensor.from')
      if (sizeOf(shape) !== values.length)
        throw new ShapeError(
          `tensor.from: ${values.length} values do not fill the shape ${formatShape(shape)} (${sizeOf(shape)} values)`,
        )
      this.reserve(shape, 'tensor.from')
      return this.add(shape, this.store.upload(values))
    })
  }

  /** `tensor.fill(shape, value)` (zeros, ones). */
  fill(shapeArg: unknown, value: unknown): TensorAnswer {
    return this.answer(() => {
      const shape = checkShape(shapeArg, 'tensor.fill')
      if (typeof value !== 'number') throw new ShapeError('tensor.fill: the value must be a number')
      this.reserve(shape, 'tensor.fill')
      return this.add(shape, this.store.fill(sizeOf(shape), value))
    })
  }

  /** Every other op, as the guest names it: `unary`, `scalar`, `binary`, `matmul`, `reduce`, … */
  op(opArg: unknown, idsArg: unknown, argsArg: unknown): TensorAnswer {
    return this.answer(() => this.run(String(opArg), idsArg, argsArg))
  }

  free(id: unknown): boolean {
    const entry = typeof id === 'number' ? this.tensors.get(id) : undefined
    if (!entry || this.disposed) return false
    this.tensors.delete(id as number)
    this.liveBytes -= entry.size * 4
    this.backend.free(entry.storage)
    return true
  }

  /** `data()`: the values, or why they cannot be read (the guest rejects with it). */
  async read(id: unknown): Promise<{ values: Float32Array } | { problem: string }> {
    const entry = typeof id === 'number' ? this.tensors.get(id) : undefined
    if (!entry || this.disposed) return { problem: 'data(): this tensor was disposed before it was read' }
    this.reads++
    this.readsInFlight++
    try {
      return { values: await this.backend.read(entry.storage, entry.size) }
    } catch (error) {
      return {
        problem: `data(): the values could not be read back: ${error instanceof Error ? error.message : String(error)}`,
      }
    } finally {
      this.readsInFlight--
    }
  }

  /** `tensor.memory()`: live bytes, live tensors, the limit. */
  memory(): [bytes: number, tensors: number, limit: number] {
    return [this.liveBytes, this.tensors.size, this.limitBytes]
  }

  /** Counters are the timed call's: reset before each call of the entry. */
  beforeCall(): void {
    const counters = this.backend.counters
    counters.opsDispatched = 0
    counters.bytesToDevice = 0
    counters.bytesFromDevice = 0
    this.peakBytes = this.liveBytes
    this.peakHeld = this.backend.heldBytes()
    this.reads = 0
  }

  /** What ends the run: the first fault, else a lost device, else an error the GPU reported. */
  failure(): EngineFault | undefined {
    if (this.fault) return this.fault
    const lost = this.backend.lost()
    if (lost)
      return { status: 'RuntimeError', message: `${lost}; the runner opens a fresh device for the next run.` }
    if (this.gpuError)
      return {
        status: 'RuntimeError',
        message: `The GPU reported an error during this run: ${this.gpuError}`,
      }
    return undefined
  }

  counters(): Record<string, number> {
    const counters = this.backend.counters
    const result: Record<string, number> = {
      opsDispatched: counters.opsDispatched,
      bytesToDevice: counters.bytesToDevice,
      bytesFromDevice: counters.bytesFromDevice,
      peakTensorBytes: this.peakBytes,
      liveTensors: this.tensors.size,
      reads: this.reads,
    }
    if (this.backend.kind === 'gpu') result.peakDeviceBytes = this.peakHeld
    return result
  }

  /** Whether the device should not serve another run: lost, erroring, or still busy with this one. */
  deviceSpoiled(): boolean {
    return (
      this.backend.kind === 'gpu' && Boolean(this.backend.lost() || this.gpuError || this.readsInFlight > 0)
    )
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.device?.removeEventListener('uncapturederror', this.onGpuError)
    this.backend.dispose()
    this.tensors.clear()
  }

  private answer(run: () => TensorAnswer): TensorAnswer {
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

  private get store(): Backend<unknown> {
    if (this.disposed) throw new ShapeError('tensor: the run has ended')
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
   * host memory).
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
        : `${what}: a ${formatShape(shape)} tensor needs ${mb(bytes)}, but ${mb(this.liveBytes)} of tensors are live (${this.tensors.size} tensors) and tensor memory is limited to ${this.memoryMb} MB. Use smaller batches, and dispose tensors you no longer need (t.dispose() or tensor.tidy).`
    this.fault ??= { status: 'MemoryLimit', message: `Exceeded the tensor memory limit: ${message}` }
    throw new ShapeError(`${MEMORY_PREFIX}${message}`)
  }

  private add(shape: number[], storage: unknown): TensorAnswer {
    const id = this.nextId++
    const size = sizeOf(shape)
    this.tensors.set(id, { shape, size, storage })
    this.liveBytes += size * 4
    if (this.liveBytes > this.peakBytes) this.peakBytes = this.liveBytes
    const held = this.store.heldBytes()
    if (held > this.peakHeld) this.peakHeld = held
    return [id, shape]
  }

  private run(op: string, idsArg: unknown, argsArg: unknown): TensorAnswer {
    const ids = Array.isArray(idsArg) ? idsArg : []
    const args = Array.isArray(argsArg) ? argsArg : []
    const store = this.store
    const a = this.entry(ids[0], op)
    const result = (shape: number[], run: () => unknown): TensorAnswer => {
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
}
