// The seeded dataset of mlp-chunked-loading: shared by tests.ts (generate and check) and nothing else.

/** Features per sample, classes, and the hidden layer the learner's MLP must have. */
export const FEATURES = 512
export const CLASSES = 4
export const HIDDEN = 32
/** Spread of the cluster means per feature; the noise around a mean is 1 per feature. */
const MEAN_SPREAD = 0.4
export const HELD_OUT = 2000
/** Held-out accuracy the trained MLP must reach (a linear model stays near 25-50%). */
export const ACCURACY_BAR = 0.9

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

/**
 * Each class is two clusters, at +m and −m of its own mean direction m: no straight line (a linear
 * model) separates a class from the others, one hidden ReLU layer does (|m · x| is two ReLUs).
 */
function classMeans(seed: number): Float32Array {
  const normal = normals(sfc32(seed * 2 + 1))
  const means = new Float32Array(CLASSES * FEATURES)
  for (let i = 0; i < means.length; i++) means[i] = normal() * MEAN_SPREAD
  return means
}

/** Samples of dataset `seed` (`stream` 0: training, 1: held-out) in chunks of at most `chunk` rows. */
export function* sampleChunks(
  seed: number,
  n: number,
  stream: 0 | 1,
  chunk = 1024,
): Generator<{ x: Float32Array; y: Uint8Array }> {
  const means = classMeans(seed)
  const random = sfc32(seed * 7919 + 104_729 * (stream + 1))
  const normal = normals(random)
  const x = new Float32Array(chunk * FEATURES)
  const y = new Uint8Array(chunk)
  for (let done = 0; done < n; done += chunk) {
    const rows = Math.min(chunk, n - done)
    for (let i = 0; i < rows; i++) {
      const label = Math.floor(random() * CLASSES)
      const sign = random() < 0.5 ? -1 : 1
      y[i] = label
      for (let f = 0; f < FEATURES; f++)
        x[i * FEATURES + f] = sign * (means[label * FEATURES + f] as number) + normal()
    }
    yield { x: x.subarray(0, rows * FEATURES), y: y.subarray(0, rows) }
  }
}

/** Share of `n` held-out samples the MLP `weights` classifies right (layout: W1, b1, W2, b2). */
export function heldOutAccuracy(weights: Float32Array, seed: number, n = HELD_OUT): number {
  const w2At = FEATURES * HIDDEN + HIDDEN
  const b2At = w2At + HIDDEN * CLASSES
  const hidden = new Float64Array(HIDDEN)
  const scores = new Float64Array(CLASSES)
  let right = 0
  for (const { x, y } of sampleChunks(seed, n, 1)) {
    for (let i = 0; i < y.length; i++) {
      for (let j = 0; j < HIDDEN; j++) hidden[j] = weights[FEATURES * HIDDEN + j] as number
      for (let f = 0; f < FEATURES; f++) {
        const v = x[i * FEATURES + f] as number
        for (let j = 0; j < HIDDEN; j++)
          hidden[j] = (hidden[j] as number) + v * (weights[f * HIDDEN + j] as number)
      }
      for (let c = 0; c < CLASSES; c++) scores[c] = weights[b2At + c] as number
      for (let j = 0; j < HIDDEN; j++) {
        const h = Math.max(0, hidden[j] as number)
        for (let c = 0; c < CLASSES; c++)
          scores[c] = (scores[c] as number) + h * (weights[w2At + j * CLASSES + c] as number)
      }
      let best = 0
      for (let c = 1; c < CLASSES; c++) if ((scores[c] as number) > (scores[best] as number)) best = c
      if (best === y[i]) right++
    }
  }
  return right / n
}
