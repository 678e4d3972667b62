/** What learner code sees of `arena:tensor`: the body of `declare module 'arena:tensor' { ... }`. */
export const TENSOR_DTS = `  /**
   * A float32 n-dimensional array held by the tensor engine (on the GPU on a gpu runner), row-major,
   * 1 to 4 axes. Ops return new tensors and never change their inputs. Free what you no longer need:
   * \`t.dispose()\`, or make it inside \`tensor.tidy(() => ...)\`. Tensors share the run's memory limit.
   */
  export class Tensor {
    private constructor()
    /** Axis lengths, e.g. [64, 10]. */
    readonly shape: readonly number[]
    /** Number of values. */
    readonly size: number
    readonly rank: number
    readonly disposed: boolean
    /** Element-wise with NumPy broadcasting ([n, m] + [m], [n, m] * [n, 1], ...), or with a number. */
    add(other: Tensor | number): Tensor
    sub(other: Tensor | number): Tensor
    mul(other: Tensor | number): Tensor
    div(other: Tensor | number): Tensor
    /** Element-wise maximum. */
    maximum(other: Tensor | number): Tensor
    /** \`s - this\`. */
    rsub(s: number): Tensor
    /** \`s / this\`. */
    rdiv(s: number): Tensor
    pow(s: number): Tensor
    neg(): Tensor
    exp(): Tensor
    log(): Tensor
    sqrt(): Tensor
    abs(): Tensor
    relu(): Tensor
    /** 1 where the value is > 0, else 0 (the derivative of relu). */
    step(): Tensor
    sigmoid(): Tensor
    /** [m, k] × [k, n] → [m, n]. */
    matmul(other: Tensor): Tensor
    /** Along \`axis\` (negative counts from the end), or over every value when omitted. */
    sum(axis?: number, keepDims?: boolean): Tensor
    mean(axis?: number, keepDims?: boolean): Tensor
    max(axis?: number, keepDims?: boolean): Tensor
    /** Softmax over the last axis. */
    softmax(): Tensor
    /** Index of the largest value along the last axis. */
    argmax(): Tensor
    /** [rows, cols] → [cols, rows]. */
    transpose(): Tensor
    /** Rows \`start\` to \`end\` (exclusive) along the first axis, copied. */
    rows(start: number, end?: number): Tensor
    /** The same values in another shape, copied. */
    reshape(shape: readonly number[]): Tensor
    /** The values, copied back (from the GPU on a gpu runner: wait for it, it ends the queue's work). */
    data(): Promise<Float32Array>
    /** The one value of a tensor of size 1. */
    item(): Promise<number>
    /** Frees the storage now; later use of this tensor throws a TensorError. */
    dispose(): void
  }
  /** Thrown for shape mismatches, disposed tensors, and tensor memory over the limit. */
  export class TensorError extends Error {}
  export const tensor: {
    /** Which backend this run has: \`cpu\` on cpu runners, \`gpu\` (WebGPU) on gpu runners. */
    readonly backend: 'cpu' | 'gpu'
    /** A tensor of \`values\` (copied to the engine), shape \`[values.length]\` by default. */
    from(values: Float32Array | ArrayLike<number>, shape?: readonly number[]): Tensor
    zeros(shape: readonly number[]): Tensor
    ones(shape: readonly number[]): Tensor
    fill(shape: readonly number[], value: number): Tensor
    /**
     * Runs \`fn\` (synchronous) and disposes every tensor made inside it except those it returns (a
     * tensor, or an array or object of tensors) and those passed to \`tensor.keep\`.
     */
    tidy<T>(fn: () => T): T
    /** Exempts a tensor from the enclosing tidy scopes. */
    keep(t: Tensor): Tensor
    /** Disposes every tensor in the arguments (tensors, arrays or objects of them). */
    dispose(...items: unknown[]): void
    /** Bytes of live tensors, how many, and the run's memory limit (shared with your program's own memory). */
    memory(): { bytes: number; tensors: number; limit: number }
  }`
