// The seeded dataset of batch-training: shared by tests.ts (generate and check) and nothing else.

/** Features per sample (a 16 × 32 "image"), and classes. */
export const FEATURES = 512
export const CLASSES = 10
/** Spread of the class means around 0, per feature; the noise around a mean is 1 per feature. */
const MEAN_SPREAD = 0.16
/** Held-out samples the check classifies with the returned weights. */
export const HELD_OUT = 2000

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

/** The class means of dataset `seed`: what both the training and the held-out samples come from. */
function classMeans(seed: number): Float32Array {
  const normal = normals(sfc32(seed * 2 + 1))
  const means = new Float32Array(CLASSES * FEATURES)
  for (let i = 0; i < means.length; i++) means[i] = normal() * MEAN_SPREAD
  return means
}

/** `n` samples of dataset `seed`; `stream` 0 is the training set, 1 the held-out set. */
export function samples(seed: number, n: number, stream: 0 | 1): Samples {
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

/** Share of `data` that weights `w` ((FEATURES + 1) × CLASSES, bias row last) classify right. */
export function accuracy(w: Float32Array, data: Samples): number {
  const n = data.y.length
  let right = 0
  const scores = new Float64Array(CLASSES)
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < CLASSES; c++) scores[c] = w[FEATURES * CLASSES + c] as number
    for (let f = 0; f < FEATURES; f++) {
      const v = data.x[i * FEATURES + f] as number
      const row = f * CLASSES
      for (let c = 0; c < CLASSES; c++) scores[c] = (scores[c] as number) + v * (w[row + c] as number)
    }
    let best = 0
    for (let c = 1; c < CLASSES; c++) if ((scores[c] as number) > (scores[best] as number)) best = c
    if (best === data.y[i]) right++
  }
  return right / n
}

/**
 * The bar a trained classifier is held to: the held-out accuracy of nearest-centroid on the same
 * training data (class means estimated from all of it). Training on only part of the data falls short.
 */
export function centroidAccuracy(train: Samples, heldOut: Samples): number {
  const means = new Float64Array(CLASSES * FEATURES)
  const counts = new Float64Array(CLASSES)
  for (let i = 0; i < train.y.length; i++) {
    const c = train.y[i] as number
    counts[c] = (counts[c] as number) + 1
    for (let f = 0; f < FEATURES; f++)
      means[c * FEATURES + f] = (means[c * FEATURES + f] as number) + (train.x[i * FEATURES + f] as number)
  }
  // As linear weights: score_c(x) = m_c · x − |m_c|² / 2, the same classifier as the nearest mean.
  const w = new Float32Array((FEATURES + 1) * CLASSES)
  for (let c = 0; c < CLASSES; c++) {
    let norm = 0
    for (let f = 0; f < FEATURES; f++) {
      const m = (means[c * FEATURES + f] as number) / Math.max(1, counts[c] as number)
      w[f * CLASSES + c] = m
      norm += m * m
    }
    w[FEATURES * CLASSES + c] = counts[c] ? -norm / 2 : Number.NEGATIVE_INFINITY
  }
  return accuracy(w, heldOut)
}
