// The seeded dataset of mlp-chunked-loading: shared by tests.ts (generate and check) and nothing else.

/** Features per sample, classes, and the hidden layer the learner's MLP must have. */
export const FEATURES = 512
export const CLASSES = 4
export const HIDDEN = 32
/** Spread of the cluster means per feature; the noise around a mean is 1 per feature. */
const MEAN_SPREAD = 0.4

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

/** The training procedure the statement fixes; the input carries it. */
export interface Procedure {
  batch: number
  learningRate: number
  /** W1, b1, W2, b2 as the learner returns them: where training starts. */
  init: Float32Array
}

/** He-initialised weights from `seed` (b1 and b2 zero), in the output's layout. */
export function initialWeights(seed: number): Float32Array {
  const normal = normals(sfc32(seed * 31 + 7))
  const weights = new Float32Array(FEATURES * HIDDEN + HIDDEN + HIDDEN * CLASSES + CLASSES)
  const w2At = FEATURES * HIDDEN + HIDDEN
  for (let i = 0; i < FEATURES * HIDDEN; i++) weights[i] = normal() * Math.sqrt(2 / FEATURES)
  for (let i = 0; i < HIDDEN * CLASSES; i++) weights[w2At + i] = normal() * Math.sqrt(2 / HIDDEN)
  return weights
}

/**
 * The weights the stated procedure ends with, in float64 with plain loops (obviously correct, and
 * independent of the reference): from `init`, one pass over the samples in order, `batch` consecutive
 * samples a step (the last step shorter); per batch of m, with the weights before the step:
 * z1 = xW1 + b1, h = relu(z1), p = softmax(hW2 + b2), g2 = p − onehot(y), g1 = (g2 W2ᵀ) ⊙ step(z1)
 * (step(0) = 0), and every weight moves by −η/m times its gradient (xᵀg1, Σg1, hᵀg2, Σg2).
 * `rows` yields the samples in file order, in chunks of any size.
 */
export function replay(
  rows: Iterable<{ x: Float32Array; y: Uint8Array }>,
  procedure: Procedure,
): Float64Array {
  const { batch, learningRate } = procedure
  const weights = Float64Array.from(procedure.init)
  const b1At = FEATURES * HIDDEN
  const w2At = b1At + HIDDEN
  const b2At = w2At + HIDDEN * CLASSES
  const gradient = new Float64Array(weights.length)
  const z1 = new Float64Array(HIDDEN)
  const g1 = new Float64Array(HIDDEN)
  const g2 = new Float64Array(CLASSES)
  let inBatch = 0
  const step = () => {
    const scale = learningRate / inBatch
    for (let i = 0; i < weights.length; i++)
      weights[i] = (weights[i] as number) - scale * (gradient[i] as number)
    gradient.fill(0)
    inBatch = 0
  }
  for (const { x, y } of rows) {
    for (let i = 0; i < y.length; i++) {
      const row = i * FEATURES
      for (let j = 0; j < HIDDEN; j++) z1[j] = weights[b1At + j] as number
      for (let f = 0; f < FEATURES; f++) {
        const v = x[row + f] as number
        for (let j = 0; j < HIDDEN; j++) z1[j] = (z1[j] as number) + v * (weights[f * HIDDEN + j] as number)
      }
      let max = Number.NEGATIVE_INFINITY
      for (let c = 0; c < CLASSES; c++) {
        let score = weights[b2At + c] as number
        for (let j = 0; j < HIDDEN; j++)
          score += Math.max(0, z1[j] as number) * (weights[w2At + j * CLASSES + c] as number)
        g2[c] = score
        max = Math.max(max, score)
      }
      let sum = 0
      for (let c = 0; c < CLASSES; c++) {
        g2[c] = Math.exp((g2[c] as number) - max)
        sum += g2[c] as number
      }
      for (let c = 0; c < CLASSES; c++) g2[c] = (g2[c] as number) / sum
      g2[y[i] as number] = (g2[y[i] as number] as number) - 1
      for (let j = 0; j < HIDDEN; j++) {
        let back = 0
        for (let c = 0; c < CLASSES; c++)
          back += (g2[c] as number) * (weights[w2At + j * CLASSES + c] as number)
        g1[j] = (z1[j] as number) > 0 ? back : 0
      }
      for (let f = 0; f < FEATURES; f++) {
        const v = x[row + f] as number
        for (let j = 0; j < HIDDEN; j++)
          gradient[f * HIDDEN + j] = (gradient[f * HIDDEN + j] as number) + v * (g1[j] as number)
      }
      for (let j = 0; j < HIDDEN; j++) {
        gradient[b1At + j] = (gradient[b1At + j] as number) + (g1[j] as number)
        const h = Math.max(0, z1[j] as number)
        for (let c = 0; c < CLASSES; c++)
          gradient[w2At + j * CLASSES + c] =
            (gradient[w2At + j * CLASSES + c] as number) + h * (g2[c] as number)
      }
      for (let c = 0; c < CLASSES; c++)
        gradient[b2At + c] = (gradient[b2At + c] as number) + (g2[c] as number)
      if (++inBatch === batch) step()
    }
  }
  if (inBatch > 0) step()
  return weights
}
