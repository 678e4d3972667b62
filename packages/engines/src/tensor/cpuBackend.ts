import type { Backend, BackendCounters, BinaryOp, ReduceOp, ScalarOp, UnaryOp } from './Backend.ts'

/**
 * [m, k] × [k, n] → [m, n], row-major float32, written for speed in plain JavaScript: C is computed in
 * 4 × 4 blocks held in 16 local variables (registers), so each step of the k loop does 16
 * multiply-adds for 8 loads and no store. The 4 columns of B a block needs are first packed into one
 * contiguous panel (k × 4), so the k loop reads B at unit stride instead of jumping a row of B each step;
 * A's 4 rows are read at unit stride too. Edge rows and columns read a valid row/column and are not stored.
 */
export function matmulInto(
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  m: number,
  k: number,
  n: number,
): void {
  const panel = new Float32Array(k * 4)
  for (let j = 0; j < n; j += 4) {
    const w = Math.min(4, n - j)
    for (let p = 0; p < k; p++) {
      const row = p * n + j
      panel[p * 4] = b[row] as number
      panel[p * 4 + 1] = w > 1 ? (b[row + 1] as number) : 0
      panel[p * 4 + 2] = w > 2 ? (b[row + 2] as number) : 0
      panel[p * 4 + 3] = w > 3 ? (b[row + 3] as number) : 0
    }
    for (let i = 0; i < m; i += 4) {
      const last = m - 1
      const a0 = i * k
      const a1 = Math.min(i + 1, last) * k
      const a2 = Math.min(i + 2, last) * k
      const a3 = Math.min(i + 3, last) * k
      let c00 = 0,
        c01 = 0,
        c02 = 0,
        c03 = 0
      let c10 = 0,
        c11 = 0,
        c12 = 0,
        c13 = 0
      let c20 = 0,
        c21 = 0,
        c22 = 0,
        c23 = 0
      let c30 = 0,
        c31 = 0,
        c32 = 0,
        c33 = 0
      for (let p = 0, q = 0; p < k; p++, q += 4) {
        const b0 = panel[q] as number
        const b1 = panel[q + 1] as number
        const b2 = panel[q + 2] as number
        const b3 = panel[q + 3] as number
        const x0 = a[a0 + p] as number
        const x1 = a[a1 + p] as number
        const x2 = a[a2 + p] as number
        const x3 = a[a3 + p] as number
        c00 += x0 * b0
        c01 += x0 * b1
        c02 += x0 * b2
        c03 += x0 * b3
        c10 += x1 * b0
        c11 += x1 * b1
        c12 += x1 * b2
        c13 += x1 * b3
        c20 += x2 * b0
        c21 += x2 * b1
        c22 += x2 * b2
        c23 += x2 * b3
        c30 += x3 * b0
        c31 += x3 * b1
        c32 += x3 * b2
        c33 += x3 * b3
      }
      storeRow(c, i * n + j, w, c00, c01, c02, c03)
      if (i + 1 < m) storeRow(c, (i + 1) * n + j, w, c10, c11, c12, c13)
      if (i + 2 < m) storeRow(c, (i + 2) * n + j, w, c20, c21, c22, c23)
      if (i + 3 < m) storeRow(c, (i + 3) * n + j, w, c30, c31, c32, c33)
    }
  }
}

function storeRow(
  c: Float32Array,
  at: number,
  w: number,
  v0: number,
  v1: number,
  v2: number,
  v3: number,
): void {
  c[at] = v0
  if (w > 1) c[at + 1] = v1
  if (w > 2) c[at + 2] = v2
  if (w > 3) c[at + 3] = v3
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
