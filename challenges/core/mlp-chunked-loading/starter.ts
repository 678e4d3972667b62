import { disk } from 'arena:disk'
import { tensor } from 'arena:tensor'

/** Names of files in the run's scratch folder, and the sizes the MLP must have. */
interface TrainingFiles {
  /** n × featureCount float32 values (little-endian), row-major: sample i starts at byte i × featureCount × 4. */
  features: string
  /** n bytes: the class of each sample, 0 to classes - 1. */
  labels: string
  n: number
  featureCount: number
  classes: number
  hidden: number
  /** Samples per batch (the last batch may be shorter). */
  batch: number
  /** The learning rate η. */
  learningRate: number
  /** Where training starts: W1, b1, W2, b2 in the output's layout. */
  init: Float32Array
}

/**
 * Trains an MLP (featureCount → hidden ReLU units → classes, softmax) and returns its weights, in this
 * order: W1 (featureCount × hidden), b1 (hidden), W2 (hidden × classes), b2 (classes), row-major.
 */
export async function solve(job: TrainingFiles): Promise<Float32Array> {
  const { featureCount: d, classes: c, hidden: h } = job
  const features = disk.open(job.features)
  // TODO: the file is larger than memory: read it a chunk at a time (features.read(array, byteOffset)),
  // and train on each chunk in batches with the tensor engine (see the README for the gradients).
  const first = new Float32Array(d)
  features.read(first, 0)
  features.close()
  const w1 = tensor.zeros([d, h])
  const weights = new Float32Array(d * h + h + h * c + c)
  weights.set(await w1.data())
  return weights
}
