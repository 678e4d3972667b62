import type { GpuHandle } from '../webgpu/GpuHandle.ts'
import type { Backend, BackendCounters, BinaryOp, ReduceOp, ScalarOp, UnaryOp } from './Backend.ts'
import {
  ARGMAX_SHADER,
  binaryShader,
  MATMUL_BLOCK,
  MATMUL_SHADER,
  reduceColumnsShader,
  reduceRowsShader,
  SOFTMAX_SHADER,
  scalarShader,
  TRANSPOSE_SHADER,
  unaryShader,
  WORKGROUP,
} from './wgsl.ts'

/** A tensor's storage on the device: a storage buffer, possibly larger than the tensor (reused from the pool). */
export interface GpuStorage {
  buffer: GPUBuffer
  bytes: number
}

const MAX_GRID = 65535
const PARAM_BYTES = 64
/** Bytes of freed buffers kept for reuse; past it, freed buffers are destroyed. */
const POOL_BYTES = 64 * 2 ** 20

// Compiling a pipeline takes milliseconds (SwiftShader: tens): one cache per device, shared by runs.
const pipelineCache = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>()

/**
 * The `gpu` backend: every tensor is a storage buffer on the process's WebGPU device, and every op is
 * its own compute pass, submitted to the device queue at once (no batching of ops behind the learner's
 * back: the fixed cost of a dispatch is what the training challenges teach). Values come back only
 * through `read` (a copy to a mappable buffer, then `mapAsync`).
 */
export class GpuBackend implements Backend<GpuStorage> {
  readonly kind = 'gpu'
  readonly counters: BackendCounters = { opsDispatched: 0, bytesToDevice: 0, bytesFromDevice: 0 }
  private readonly device: GPUDevice
  private readonly pipelines: Map<string, GPUComputePipeline>
  private readonly params: GPUBuffer
  private readonly paramWords = new ArrayBuffer(PARAM_BYTES)
  private readonly free_ = new Map<number, GPUBuffer[]>()
  private pooledBytes = 0
  /** Every buffer this run created, destroyed at the end whatever the learner freed. */
  private readonly created = new Set<GPUBuffer>()
  private held = 0
  private lostReason: string | undefined
  private disposed = false
  private readonly maxBinding: number

  constructor(gpu: GpuHandle) {
    this.device = gpu.device
    let pipelines = pipelineCache.get(this.device)
    if (!pipelines) {
      pipelines = new Map()
      pipelineCache.set(this.device, pipelines)
    }
    this.pipelines = pipelines
    this.maxBinding = Math.min(
      this.device.limits.maxStorageBufferBindingSize,
      this.device.limits.maxBufferSize,
    )
    this.params = this.device.createBuffer({
      size: PARAM_BYTES,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    })
    void this.device.lost.then((info) => {
      if (!this.disposed) this.lostReason ??= `the GPU device was lost (${info.reason}: ${info.message})`
    })
  }

  /** The largest tensor, in bytes, one storage binding of this device can hold. */
  maxTensorBytes(): number {
    return this.maxBinding
  }

  private pipeline(key: string, code: () => string): GPUComputePipeline {
    let pipeline = this.pipelines.get(key)
    if (!pipeline) {
      const module = this.device.createShaderModule({ code: code() })
      pipeline = this.device.createComputePipeline({
        layout: 'auto',
        compute: { module, entryPoint: 'main' },
      })
      this.pipelines.set(key, pipeline)
    }
    return pipeline
  }

  private alloc(bytes: number): GpuStorage {
    const rounded = Math.max(16, Math.ceil(bytes / 16) * 16)
    const reused = this.free_.get(rounded)?.pop()
    if (reused) {
      this.pooledBytes -= rounded
      return { buffer: reused, bytes: rounded }
    }
    const buffer = this.device.createBuffer({
      size: rounded,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    })
    this.created.add(buffer)
    this.held += rounded
    return { buffer, bytes: rounded }
  }

  /** Writes the op's parameters (u32 words, or f32 where `floats` says) into the one uniform buffer. */
  private writeParams(words: readonly number[], floats: readonly number[] = []): void {
    const u = new Uint32Array(this.paramWords)
    const f = new Float32Array(this.paramWords)
    u.fill(0)
    words.forEach((w, i) => {
      if (floats.includes(i)) f[i] = w
      else u[i] = w
    })
    // Queue order: this write lands after every earlier submit and before the next, so one buffer serves all ops.
    this.device.queue.writeBuffer(this.params, 0, this.paramWords)
  }

  private dispatch(pipeline: GPUComputePipeline, buffers: GPUBuffer[], x: number, y = 1, z = 1): void {
    const entries: GPUBindGroupEntry[] = buffers.map((buffer, binding) => ({ binding, resource: { buffer } }))
    entries.push({ binding: buffers.length, resource: { buffer: this.params } })
    const group = this.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries })
    const encoder = this.device.createCommandEncoder()
    const pass = encoder.beginComputePass()
    pass.setPipeline(pipeline)
    pass.setBindGroup(0, group)
    pass.dispatchWorkgroups(x, y, z)
    pass.end()
    this.device.queue.submit([encoder.finish()])
    this.counters.opsDispatched++
  }

  /** One thread per element: workgroups in x, wrapping into y past 65535. Returns [x, y, threads per row]. */
  private grid(threads: number): [number, number, number] {
    const groups = Math.max(1, Math.ceil(threads / WORKGROUP))
    const x = Math.min(groups, MAX_GRID)
    const y = Math.ceil(groups / x)
    return [x, y, x * WORKGROUP]
  }

  private elementwise(
    key: string,
    code: () => string,
    a: GpuStorage,
    size: number,
    words: number[],
    floats: number[] = [],
  ): GpuStorage {
    const out = this.alloc(size * 4)
    const [x, y, nx] = this.grid(size)
    this.writeParams(
      [size, nx, ...words],
      floats.map((i) => i + 2),
    )
    this.dispatch(this.pipeline(key, code), [a.buffer, out.buffer], x, y)
    return out
  }

  upload(values: Float32Array): GpuStorage {
    const out = this.alloc(values.byteLength)
    // Copied out of the isolate: never shared memory (the DOM lib's typing insists on saying so).
    this.device.queue.writeBuffer(out.buffer, 0, values as Float32Array<ArrayBuffer>)
    this.counters.bytesToDevice += values.byteLength
    return out
  }

  fill(size: number, value: number): GpuStorage {
    this.counters.opsDispatched++
    return this.upload(new Float32Array(size).fill(value))
  }

  unary(op: UnaryOp, a: GpuStorage, size: number): GpuStorage {
    return this.elementwise(`unary:${op}`, () => unaryShader(op), a, size, [])
  }

  scalar(op: ScalarOp, a: GpuStorage, s: number, size: number): GpuStorage {
    return this.elementwise(`scalar:${op}`, () => scalarShader(op), a, size, [s], [0])
  }

  binary(
    op: BinaryOp,
    a: GpuStorage,
    b: GpuStorage,
    shape: readonly number[],
    aStrides: readonly number[],
    bStrides: readonly number[],
  ): GpuStorage {
    const size = shape.reduce((x, y) => x * y, 1)
    const pad = 4 - shape.length
    const d = [1, 1, 1, 1]
    const sa = [0, 0, 0, 0]
    const sb = [0, 0, 0, 0]
    shape.forEach((n, i) => {
      d[pad + i] = n
      sa[pad + i] = aStrides[i] as number
      sb[pad + i] = bStrides[i] as number
    })
    const out = this.alloc(size * 4)
    const [x, y, nx] = this.grid(size)
    this.writeParams([size, nx, 0, 0, ...d, ...sa, ...sb])
    this.dispatch(
      this.pipeline(`binary:${op}`, () => binaryShader(op)),
      [a.buffer, b.buffer, out.buffer],
      x,
      y,
    )
    return out
  }

  matmul(a: GpuStorage, b: GpuStorage, m: number, k: number, n: number): GpuStorage {
    const out = this.alloc(m * n * 4)
    const rowBlocks = Math.ceil(m / MATMUL_BLOCK)
    const y = Math.min(rowBlocks, MAX_GRID)
    this.writeParams([m, k, n, y])
    this.dispatch(
      this.pipeline('matmul', () => MATMUL_SHADER),
      [a.buffer, b.buffer, out.buffer],
      Math.ceil(n / MATMUL_BLOCK),
      y,
      Math.ceil(rowBlocks / y),
    )
    return out
  }

  reduce(op: ReduceOp, a: GpuStorage, outer: number, len: number, inner: number): GpuStorage {
    const size = outer * inner
    const scale = op === 'mean' ? 1 / len : 1
    if (inner === 1) {
      // One workgroup per output: contiguous rows (a row sum, or the sum of everything) in parallel.
      const out = this.alloc(size * 4)
      const x = Math.min(size, MAX_GRID)
      const y = Math.ceil(size / x)
      this.writeParams([size, x, len, inner, scale], [4])
      this.dispatch(
        this.pipeline(`reduceRows:${op}`, () => reduceRowsShader(op)),
        [a.buffer, out.buffer],
        x,
        y,
      )
      return out
    }
    return this.elementwise(
      `reduceColumns:${op}`,
      () => reduceColumnsShader(op),
      a,
      size,
      [len, inner, scale],
      [2],
    )
  }

  softmax(a: GpuStorage, rows: number, cols: number): GpuStorage {
    const out = this.alloc(rows * cols * 4)
    const [x, y, nx] = this.grid(rows)
    this.writeParams([rows, nx, cols])
    this.dispatch(
      this.pipeline('softmax', () => SOFTMAX_SHADER),
      [a.buffer, out.buffer],
      x,
      y,
    )
    return out
  }

  argmax(a: GpuStorage, rows: number, cols: number): GpuStorage {
    const out = this.alloc(rows * 4)
    const [x, y, nx] = this.grid(rows)
    this.writeParams([rows, nx, cols])
    this.dispatch(
      this.pipeline('argmax', () => ARGMAX_SHADER),
      [a.buffer, out.buffer],
      x,
      y,
    )
    return out
  }

  transpose(a: GpuStorage, rows: number, cols: number): GpuStorage {
    return this.elementwise('transpose', () => TRANSPOSE_SHADER, a, rows * cols, [rows, cols])
  }

  copy(a: GpuStorage, offset: number, size: number): GpuStorage {
    const out = this.alloc(size * 4)
    const encoder = this.device.createCommandEncoder()
    encoder.copyBufferToBuffer(a.buffer, offset * 4, out.buffer, 0, size * 4)
    this.device.queue.submit([encoder.finish()])
    this.counters.opsDispatched++
    return out
  }

  async read(a: GpuStorage, size: number): Promise<Float32Array> {
    const bytes = size * 4
    const staging = this.device.createBuffer({
      size: Math.max(4, bytes),
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    })
    try {
      const encoder = this.device.createCommandEncoder()
      encoder.copyBufferToBuffer(a.buffer, 0, staging, 0, bytes)
      this.device.queue.submit([encoder.finish()])
      await staging.mapAsync(GPUMapMode.READ)
      const values = new Float32Array(staging.getMappedRange(0, bytes).slice(0))
      staging.unmap()
      this.counters.bytesFromDevice += bytes
      return values
    } finally {
      staging.destroy()
    }
  }

  free(a: GpuStorage): void {
    if (this.disposed) return
    if (this.pooledBytes + a.bytes > POOL_BYTES) {
      a.buffer.destroy()
      this.created.delete(a.buffer)
      this.held -= a.bytes
      return
    }
    const list = this.free_.get(a.bytes)
    if (list) list.push(a.buffer)
    else this.free_.set(a.bytes, [a.buffer])
    this.pooledBytes += a.bytes
  }

  heldBytes(): number {
    return this.held
  }

  lost(): string | undefined {
    return this.lostReason
  }

  /** Destroys every buffer this run made; pipelines stay cached for the next run on the device. */
  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    for (const buffer of this.created) buffer.destroy()
    this.created.clear()
    this.free_.clear()
    this.params.destroy()
  }
}
