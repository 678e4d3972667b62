/** Shapes, strides and broadcasting: the part of every op both backends share. */

/** Tensors have at most this many axes (the GPU kernels index up to 4). */
export const MAX_RANK = 4

/** A problem with an op's arguments, phrased for the learner (the guest throws it as a TensorError). */
export class ShapeError extends Error {}

export function sizeOf(shape: readonly number[]): number {
  let n = 1
  for (const d of shape) n *= d
  return n
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`
}

/** Checks an untrusted shape (from learner code): 0 to 4 whole, positive axes. */
export function checkShape(value: unknown, what: string): number[] {
  if (!Array.isArray(value))
    throw new ShapeError(`${what}: a shape is an array of axis lengths, e.g. [64, 10]`)
  if (value.length > MAX_RANK)
    throw new ShapeError(`${what}: at most ${MAX_RANK} axes are supported, got ${value.length}`)
  for (const d of value) {
    if (!Number.isSafeInteger(d) || d < 1)
      throw new ShapeError(
        `${what}: every axis length must be a whole number, 1 or more; got ${formatShape(value)}`,
      )
  }
  return value.slice()
}

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length)
  let s = 1
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s
    s *= shape[i] as number
  }
  return strides
}

export interface Broadcast {
  shape: number[]
  /** Strides of each input over the output's axes (0 where the input is broadcast). */
  aStrides: number[]
  bStrides: number[]
}

/** NumPy broadcasting: axes are matched from the right; each pair is equal or one of them is 1. */
export function broadcast(a: readonly number[], b: readonly number[], op: string): Broadcast {
  const rank = Math.max(a.length, b.length)
  const shape = new Array<number>(rank)
  const aFull = pad(a, rank)
  const bFull = pad(b, rank)
  for (let i = 0; i < rank; i++) {
    const x = aFull[i] as number
    const y = bFull[i] as number
    if (x !== y && x !== 1 && y !== 1) {
      throw new ShapeError(
        `${op}: shapes ${formatShape(a)} and ${formatShape(b)} do not broadcast (axis ${i - rank + a.length >= 0 ? i - rank + a.length : i}: ${x} vs ${y}); each axis, counted from the right, must be equal or 1`,
      )
    }
    shape[i] = Math.max(x, y)
  }
  const strides = (full: number[]) => {
    const own = stridesOf(full)
    return full.map((d, i) => (d === 1 ? 0 : (own[i] as number)))
  }
  return { shape, aStrides: strides(aFull), bStrides: strides(bFull) }
}

function pad(shape: readonly number[], rank: number): number[] {
  return [...new Array<number>(rank - shape.length).fill(1), ...shape]
}

/** An axis argument (negative counts from the end) as an index into `shape`. */
export function normalizeAxis(axis: unknown, rank: number, op: string): number {
  if (!Number.isSafeInteger(axis))
    throw new ShapeError(`${op}: the axis must be a whole number, got ${String(axis)}`)
  const a = (axis as number) < 0 ? (axis as number) + rank : (axis as number)
  if (a < 0 || a >= rank)
    throw new ShapeError(`${op}: axis ${String(axis)} does not exist for a tensor of rank ${rank}`)
  return a
}

/** A tensor seen as [outer, len, inner] around `axis`: what a reduction along it needs. */
export function aroundAxis(
  shape: readonly number[],
  axis: number,
): { outer: number; len: number; inner: number } {
  return {
    outer: sizeOf(shape.slice(0, axis)),
    len: shape[axis] as number,
    inner: sizeOf(shape.slice(axis + 1)),
  }
}
