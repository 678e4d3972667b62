/** What the tensor engine asks of a backend; shapes are already checked and turned into sizes and strides. */

export type UnaryOp = 'exp' | 'log' | 'relu' | 'sigmoid' | 'step' | 'neg' | 'sqrt' | 'abs'
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'max'
/** `rsub`/`rdiv`: the scalar comes first (`s - a`, `s / a`). */
export type ScalarOp = BinaryOp | 'rsub' | 'rdiv' | 'pow'
export type ReduceOp = 'sum' | 'mean' | 'max'

export const UNARY_OPS: readonly UnaryOp[] = ['exp', 'log', 'relu', 'sigmoid', 'step', 'neg', 'sqrt', 'abs']
export const BINARY_OPS: readonly BinaryOp[] = ['add', 'sub', 'mul', 'div', 'max']
export const SCALAR_OPS: readonly ScalarOp[] = ['add', 'sub', 'mul', 'div', 'max', 'rsub', 'rdiv', 'pow']
export const REDUCE_OPS: readonly ReduceOp[] = ['sum', 'mean', 'max']

export interface BackendCounters {
  /** Ops run (a GPU dispatch or copy; on cpu, one kernel call). */
  opsDispatched: number
  bytesToDevice: number
  bytesFromDevice: number
}

/**
 * Storage of one tensor's values, `float32`, row-major. The engine owns the shapes; a backend sees
 * element counts, strides and the few sizes each kernel needs.
 */
export interface Backend<S> {
  readonly kind: 'cpu' | 'gpu'
  readonly counters: BackendCounters
  upload(values: Float32Array): S
  fill(size: number, value: number): S
  unary(op: UnaryOp, a: S, size: number): S
  scalar(op: ScalarOp, a: S, s: number, size: number): S
  /** `out[i] = a[aIndex(i)] op b[bIndex(i)]` over `shape` (rank ≤ 4) with broadcast strides. */
  binary(
    op: BinaryOp,
    a: S,
    b: S,
    shape: readonly number[],
    aStrides: readonly number[],
    bStrides: readonly number[],
  ): S
  /** [m, k] × [k, n] → [m, n]. */
  matmul(a: S, b: S, m: number, k: number, n: number): S
  /** Viewed as [outer, len, inner]: reduces the middle axis to [outer, inner]. */
  reduce(op: ReduceOp, a: S, outer: number, len: number, inner: number): S
  /** Softmax of each row of [rows, cols] (max-subtracted, so large logits do not overflow). */
  softmax(a: S, rows: number, cols: number): S
  /** Index of the largest value of each row of [rows, cols] (as a float). */
  argmax(a: S, rows: number, cols: number): S
  transpose(a: S, rows: number, cols: number): S
  /** `size` values from element `offset` (row slices, reshape). */
  copy(a: S, offset: number, size: number): S
  read(a: S, size: number): Promise<Float32Array>
  free(a: S): void
  /** Bytes the backend holds now (its caches included) and at most so far. */
  heldBytes(): number
  /** A fault that ends the run (a lost device), if one happened. */
  lost(): string | undefined
  dispose(): void
}
