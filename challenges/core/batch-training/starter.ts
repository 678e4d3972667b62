import { tensor } from 'arena:tensor'

/** The training set: `n` samples of `features` values each, and their classes. */
interface Dataset {
  /** n × features float32 values, row-major: sample i is x.subarray(i * features, (i + 1) * features). */
  x: Float32Array
  /** The class of each sample, 0 to classes - 1. */
  y: Uint8Array
  n: number
  features: number
  classes: number
  /** Samples per batch (the last batch of an epoch may be shorter). */
  batch: number
  /** The learning rate η. */
  learningRate: number
  /** How many times to walk the whole training set, in order. */
  epochs: number
}

/**
 * Trains a softmax classifier with the stated procedure and returns its weights: (features + 1) ×
 * classes float32 values, row-major, the last row the biases.
 */
export async function solve(data: Dataset): Promise<Float32Array> {
  const { features, classes } = data
  const w = tensor.zeros([features, classes])
  // TODO: W and b start at zero; each epoch, walk the samples in order, data.batch at a time:
  //   p = softmax(x · W + b); g = p − onehot(y); W −= η · xᵀ · g / m; b −= η · sum(g) / m
  // Dispose what each step makes (tensor.tidy), or memory runs out.
  const weights = new Float32Array((features + 1) * classes)
  weights.set(await w.data())
  return weights
}
