import type { Backend, BackendCounters, BinaryOp, ReduceOp, ScalarOp, UnaryOp } from './Backend.ts'

/** Columns of B (and C) one pass keeps in L1/L2: 4 rows of C and a 256-wide strip of B's rows. */
const J_BLOCK = 256
/** Rows of B one pass streams: a 128 × 256 float32 block of B is 128 KiB, L2-sized. */
const K_BLOCK = 128

/**
 * [m, k] × [k, n] → [m, n], row-major float32, written for speed in plain JavaScript: the i-k-j order
 * reads B and writes C along rows (unit stride), 4 rows of A share each loaded row of B (4 multiply-adds
 * per load), and the j and k loops are blocked so that the strip of B being reused stays in cache.
 */
export function matmulInto(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  k: number,
  n: number,
): void {
  c.fill(0)
  for (let j0 = 0; j0 < n; j0 += J_BLOCK) {
    const j1 = Math.min(n, j0 + J_BLOCK)
    for (let p0 = 0; p0 < k; p0 += K_BLOCK) {
      const p1 = Math.min(k, p0 + K_BLOCK)
      let i = 0
      for (; i + 4 <= m; i += 4) {
        const r0 = i * n
        const r1 = r0 + n
        const r2 = r1 + n
        const r3 = r2 + n
        for (let p = p0; p < p1; p++) {
          const a0 = a[i * k + p] as number
          const a1 = a[(i + 1) * k + p] as number
          const a2 = a[(i + 2) * k + p] as number
          const a3 = a[(i + 3) * k + p] as number
          const rb = p * n
          for (let j = j0; j < j1; j++) {
            const bv = b[rb + j] as number
            c[r0 + j] = (c[r0 + j] as number) + a0 * bv
            c[r1 + j] = (c[r1 + j] as number) + a1 * bv
            c[r2 + j] = (c[r2 + j] as number) + a2 * bv
            c[r3 + j] = (c[r3 + j] as number) + a3 * bv
          }
        }
      }
      for (; i < m; i++) {
        const r0 = i * n
        for (let p = p0; p < p1; p++) {
          const a0 = a[i * k + p] as number
          const rb = p * n
          for (let j = j0; j < j1; j++) c[r0 + j] = (c[r0 + j] as number) + a0 * (b[rb + j] as number)
        }
      }
    }
  }
}

const UNARY: Record<UnaryOp, (x: number) => number> = {
  exp: Math.exp,
  log: Math.log,
  relu: (x) => Math.max(x, 0),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  step: (x) => (x > 0 ? 1 : 0),
  neg: (x) => -x,
  sqrt: Math.sqrt,
  abs: Math.abs,
}

function scalarKernel(op: ScalarOp, a: Float32Array, s: number, out: Float32Array): void {
  const n = out.length
  switch (op) {
    case 'add':
      for (let i = 0; i < n; i++) out[i] = (a[i] as number) + s
      return
    case 'sub':
      for (let i = 0; i < n; i++) out[i] = (a[i] as number) - s
      return
    case 'mul':
      for (let i = 0; i < n; i++) out[i] = (a[i] as number) * s
      return
    case 'div':
      for (let i = 0; i < n; i++) out[i] = (a[i] as number) / s
      return
    case 'max':
      for (let i = 0; i < n; i++) out[i] = Math.max(a[i] as number, s)
      return
    case 'rsub':
      for (let i = 0; i < n; i++) out[i] = s - (a[i] as number)
      return
    case 'rdiv':
      for (let i = 0; i < n; i++) out[i] = s / (a[i] as number)
      return
    case 'pow':
      for (let i = 0; i < n; i++) out[i] = (a[i] as number) ** s
      return
  }
}

const BINARY: Record<BinaryOp, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  max: (x, y) => Math.max(x, y),
}

/** Fast paths for the shapes training uses: same shape, and a row vector over a matrix. */
function binaryKernel(
  op: BinaryOp,
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  shape: readonly number[],
  aStrides: readonly number[],
  bStrides: readonly number[],
): void {
  const f = BINARY[op]
  const n = out.length
  if (a.length === n && b.length === n) {
    if (op === 'add') for (let i = 0; i < n; i++) out[i] = (a[i] as number) + (b[i] as number)
    else if (op === 'sub') for (let i = 0; i < n; i++) out[i] = (a[i] as number) - (b[i] as number)
    else if (op === 'mul') for (let i = 0; i < n; i++) out[i] = (a[i] as number) * (b[i] as number)
    else for (let i = 0; i < n; i++) out[i] = f(a[i] as number, b[i] as number)
    return
  }
  // Up to rank 4, padded on the left with axes of length 1.
  const pad = 4 - shape.length
  const d = [1, 1, 1, 1]
  const sa = [0, 0, 0, 0]
  const sb = [0, 0, 0, 0]
  for (let i = 0; i < shape.length; i++) {
    d[pad + i] = shape[i] as number
    sa[pad + i] = aStrides[i] as number
    sb[pad + i] = bStrides[i] as number
  }
  const [d0, d1, d2, d3] = d as [number, number, number, number]
  const [a0, a1, a2, a3] = sa as [number, number, number, number]
  const [b0, b1, b2, b3] = sb as [number, number, number, number]
  let o = 0
  for (let i0 = 0; i0 < d0; i0++)
    for (let i1 = 0; i1 < d1; i1++)
      for (let i2 = 0; i2 < d2; i2++) {
        let ia = i0 * a0 + i1 * a1 + i2 * a2
        let ib = i0 * b0 + i1 * b1 + i2 * b2
        for (let i3 = 0; i3 < d3; i3++, ia += a3, ib += b3) out[o++] = f(a[ia] as number, b[ib] as number)
      }
}

function reduceKernel(
  op: ReduceOp,
  a: Float32Array,
  outer: number,
  len: number,
  inner: number,
): Float32Array {
  const out = new Float32Array(outer * inner)
  // Sums in float64, then rounded once: the GPU kernel sums in f32, hence the documented tolerance.
  const acc = new Float64Array(inner)
  for (let o = 0; o < outer; o++) {
    const base = o * len * inner
    if (op === 'max') acc.fill(Number.NEGATIVE_INFINITY)
    else acc.fill(0)
    for (let l = 0; l < len; l++) {
      const row = base + l * inner
      if (op === 'max')
        for (let i = 0; i < inner; i++) acc[i] = Math.max(acc[i] as number, a[row + i] as number)
      else for (let i = 0; i < inner; i++) acc[i] = (acc[i] as number) + (a[row + i] as number)
    }
    const scale = op === 'mean' ? 1 / len : 1
    for (let i = 0; i < inner; i++) out[o * inner + i] = (acc[i] as number) * scale
  }
  return out
}

/** The `cpu` backend: Float32Arrays on the host, kernels in plain JavaScript. */
export class CpuBackend implements Backend<Float32Array> {
  readonly kind = 'cpu'
  readonly counters: BackendCounters = { opsDispatched: 0, bytesToDevice: 0, bytesFromDevice: 0 }
  private held = 0

  private alloc(size: number): Float32Array {
    this.counters.opsDispatched++
    this.held += size * 4
    return new Float32Array(size)
  }

  upload(values: Float32Array): Float32Array {
    this.counters.bytesToDevice += values.byteLength
    this.held += values.byteLength
    // The callback's copy of the learner's array is ours already: keep it.
    return values
  }

  fill(size: number, value: number): Float32Array {
    return this.alloc(size).fill(value)
  }

  unary(op: UnaryOp, a: Float32Array, size: number): Float32Array {
    const out = this.alloc(size)
    const f = UNARY[op]
    if (op === 'exp') for (let i = 0; i < size; i++) out[i] = Math.exp(a[i] as number)
    else for (let i = 0; i < size; i++) out[i] = f(a[i] as number)
    return out
  }

  scalar(op: ScalarOp, a: Float32Array, s: number, size: number): Float32Array {
    const out = this.alloc(size)
    scalarKernel(op, a, s, out)
    return out
  }

  binary(
    op: BinaryOp,
    a: Float32Array,
    b: Float32Array,
    shape: readonly number[],
    aStrides: readonly number[],
    bStrides: readonly number[],
  ): Float32Array {
    const out = this.alloc(shape.reduce((x, y) => x * y, 1))
    binaryKernel(op, a, b, out, shape, aStrides, bStrides)
    return out
  }

  matmul(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float32Array {
    const out = this.alloc(m * n)
    matmulInto(a, b, out, m, k, n)
    return out
  }

  reduce(op: ReduceOp, a: Float32Array, outer: number, len: number, inner: number): Float32Array {
    this.counters.opsDispatched++
    const out = reduceKernel(op, a, outer, len, inner)
    this.held += out.byteLength
    return out
  }

  softmax(a: Float32Array, rows: number, cols: number): Float32Array {
    const out = this.alloc(rows * cols)
    for (let r = 0; r < rows; r++) {
      const base = r * cols
      let max = Number.NEGATIVE_INFINITY
      for (let c = 0; c < cols; c++) max = Math.max(max, a[base + c] as number)
      let sum = 0
      for (let c = 0; c < cols; c++) {
        const e = Math.exp((a[base + c] as number) - max)
        out[base + c] = e
        sum += e
      }
      const inv = 1 / sum
      for (let c = 0; c < cols; c++) out[base + c] = (out[base + c] as number) * inv
    }
    return out
  }

  argmax(a: Float32Array, rows: number, cols: number): Float32Array {
    const out = this.alloc(rows)
    for (let r = 0; r < rows; r++) {
      let best = 0
      for (let c = 1; c < cols; c++)
        if ((a[r * cols + c] as number) > (a[r * cols + best] as number)) best = c
      out[r] = best
    }
    return out
  }

  transpose(a: Float32Array, rows: number, cols: number): Float32Array {
    const out = this.alloc(rows * cols)
    // 32 × 32 tiles: both the reads and the writes stay within a few cache lines per tile.
    for (let r0 = 0; r0 < rows; r0 += 32)
      for (let c0 = 0; c0 < cols; c0 += 32) {
        const r1 = Math.min(rows, r0 + 32)
        const c1 = Math.min(cols, c0 + 32)
        for (let r = r0; r < r1; r++)
          for (let c = c0; c < c1; c++) out[c * rows + r] = a[r * cols + c] as number
      }
    return out
  }

  copy(a: Float32Array, offset: number, size: number): Float32Array {
    this.counters.opsDispatched++
    this.held += size * 4
    return a.slice(offset, offset + size)
  }

  async read(a: Float32Array, size: number): Promise<Float32Array> {
    this.counters.bytesFromDevice += size * 4
    return a.slice(0, size)
  }

  free(a: Float32Array): void {
    this.held -= a.byteLength
  }

  heldBytes(): number {
    return this.held
  }

  lost(): string | undefined {
    return undefined
  }

  dispose(): void {
    this.held = 0
  }
}
