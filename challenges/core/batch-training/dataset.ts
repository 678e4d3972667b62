// The seeded dataset of batch-training: shared by tests.ts (generate and check) and nothing else.

/** Features per sample (a 16 × 32 "image"), and classes. */
export const FEATURES = 512
export const CLASSES = 10
/** Spread of the class means around 0, per feature; the noise around a mean is 1 per feature. */
const MEAN_SPREAD = 0.16

/** sfc32: a small, fast seeded generator. */
function sfc32(seed: number): () => number {
  let a = 0x9e3779b9
  let b = 0x243f6a88
  let c = 0xb7e15162
  let d = seed | 0
  const next = () => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return (t >>> 0) / 2 ** 32
  }
  for (let i = 0; i < 12; i++) next()
  return next
}

/** Standard normal values (Box–Muller, both outputs used). */
function normals(random: () => number): () => number {
  let spare: number | undefined
  return () => {
    if (spare !== undefined) {
      const s = spare
      spare = undefined
      return s
    }
    const r = Math.sqrt(-2 * Math.log(1 - random()))
    const angle = 2 * Math.PI * random()
    spare = r * Math.sin(angle)
    return r * Math.cos(angle)
  }
}

export interface Samples {
  /** `n` rows of FEATURES values. */
  x: Float32Array
  /** Class of each row, 0 to CLASSES - 1. */
  y: Uint8Array
}

/** The class means of dataset `seed`: what its samples scatter around. */
function classMeans(seed: number): Float32Array {
  const normal = normals(sfc32(seed * 2 + 1))
  const means = new Float32Array(CLASSES * FEATURES)
  for (let i = 0; i < means.length; i++) means[i] = normal() * MEAN_SPREAD
  return means
}

/** `n` samples of dataset `seed` (`stream` picks an independent draw from the same class means). */
export function samples(seed: number, n: number, stream = 0): Samples {
  const means = classMeans(seed)
  const random = sfc32(seed * 7919 + 104_729 * (stream + 1))
  const normal = normals(random)
  const x = new Float32Array(n * FEATURES)
  const y = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const label = Math.floor(random() * CLASSES)
    y[i] = label
    const mean = label * FEATURES
    for (let f = 0; f < FEATURES; f++) x[i * FEATURES + f] = (means[mean + f] as number) + normal()
  }
  return { x, y }
}

/** The training procedure the statement fixes; the input carries it, so each case can vary it. */
export interface Procedure {
  batch: number
  learningRate: number
  epochs: number
}

/**
 * The weights the stated procedure produces, computed in float64 with plain loops (obviously correct,
 * independent of the reference): W and b start at zero; each epoch walks the samples in order, in
 * batches of `batch` consecutive samples (the last one shorter); per batch of m samples,
 * p = softmax(xW + b), g = p − onehot(y), W −= (η/m)·xᵀg, b −= (η/m)·Σg. The result is laid out as the
 * learner returns it: (FEATURES + 1) × CLASSES, row-major, the bias row last.
 */
export function replay(data: Samples, n: number, procedure: Procedure): Float64Array {
  const weights = new Float64Array((FEATURES + 1) * CLASSES)
  const bias = FEATURES * CLASSES
  const g = new Float64Array(procedure.batch * CLASSES)
  for (let epoch = 0; epoch < procedure.epochs; epoch++) {
    for (let start = 0; start < n; start += procedure.batch) {
      const m = Math.min(procedure.batch, n - start)
      for (let i = 0; i < m; i++) {
        const row = (start + i) * FEATURES
        const logits = g.subarray(i * CLASSES, (i + 1) * CLASSES)
        for (let c = 0; c < CLASSES; c++) logits[c] = weights[bias + c] as number
        for (let f = 0; f < FEATURES; f++) {
          const v = data.x[row + f] as number
          for (let c = 0; c < CLASSES; c++)
            logits[c] = (logits[c] as number) + v * (weights[f * CLASSES + c] as number)
        }
        softmaxInPlace(logits)
        const label = data.y[start + i] as number
        logits[label] = (logits[label] as number) - 1
      }
      const step = procedure.learningRate / m
      for (let i = 0; i < m; i++) {
        const row = (start + i) * FEATURES
        for (let f = 0; f < FEATURES; f++) {
          const v = (data.x[row + f] as number) * step
          for (let c = 0; c < CLASSES; c++)
            weights[f * CLASSES + c] =
              (weights[f * CLASSES + c] as number) - v * (g[i * CLASSES + c] as number)
        }
        for (let c = 0; c < CLASSES; c++)
          weights[bias + c] = (weights[bias + c] as number) - step * (g[i * CLASSES + c] as number)
      }
    }
  }
  return weights
}

/** softmax of one row, with its maximum subtracted first so exp cannot overflow. */
function softmaxInPlace(row: Float64Array): void {
  let max = Number.NEGATIVE_INFINITY
  for (const v of row) max = Math.max(max, v)
  let sum = 0
  for (let c = 0; c < row.length; c++) {
    row[c] = Math.exp((row[c] as number) - max)
    sum += row[c] as number
  }
  for (let c = 0; c < row.length; c++) row[c] = (row[c] as number) / sum
}
