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
  /** Which dataset this is (the held-out samples the check uses come from the same one). */
  dataset: number
}

/**
 * Trains a softmax classifier and returns its weights: (features + 1) × classes float32 values,
 * row-major, the last row the biases. A sample's class is the argmax of x · W + b.
 */
export async function solve(data: Dataset): Promise<Float32Array> {
  const { features, classes } = data
  const w = tensor.zeros([features, classes])
  // TODO: gradient descent on the cross-entropy loss, a batch of samples per step:
  //   p = softmax(x · W + b); g = p − onehot(y); W −= lr · xᵀ · g / m; b −= lr · sum(g) / m
  // Dispose what each step makes (tensor.tidy), or memory runs out.
  const weights = new Float32Array((features + 1) * classes)
  weights.set(await w.data())
  return weights
}
