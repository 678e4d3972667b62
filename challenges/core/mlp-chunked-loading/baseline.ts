// The first version that works: batches of 4 samples, each sample read from the file with a read
// of its own (2 KB a call). It never holds more than a batch, so memory is fine, but it pays the
// fixed cost of a host call per sample and of ~25 tensor ops per 4 samples.
import { disk } from 'arena:disk'
import { type Tensor, tensor } from 'arena:tensor'

interface TrainingFiles {
  features: string
  labels: string
  n: number
  featureCount: number
  classes: number
  hidden: number
  dataset: number
}

const BATCH = 4
const LEARNING_RATE = 0.05

/** He-initialised weights from a fixed seed: every run starts from the same point. */
function initial(rows: number, cols: number, seed: number): Float32Array {
  let s = seed
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
  const values = new Float32Array(rows * cols)
  const scale = Math.sqrt(2 / rows)
  for (let i = 0; i < values.length; i++)
    values[i] = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()) * scale
  return values
}

export async function solve(job: TrainingFiles): Promise<Float32Array> {
  const { n, featureCount: d, classes: c, hidden: h } = job
  let params: Tensor[] = [
    tensor.from(initial(d, h, 1), [d, h]),
    tensor.zeros([1, h]),
    tensor.from(initial(h, c, 2), [h, c]),
    tensor.zeros([1, c]),
  ]
  const features = disk.open(job.features)
  const labels = disk.open(job.labels)
  const batch = new Float32Array(BATCH * d)
  const batchLabels = new Uint8Array(BATCH)
  const targets = new Float32Array(BATCH * c)
  for (let start = 0; start < n; start += BATCH) {
    const m = Math.min(BATCH, n - start)
    for (let i = 0; i < m; i++) features.read(batch.subarray(i * d, (i + 1) * d), (start + i) * d * 4)
    labels.read(batchLabels.subarray(0, m), start)
    targets.fill(0)
    for (let i = 0; i < m; i++) targets[i * c + (batchLabels[i] as number)] = 1
    const step = LEARNING_RATE / m
    const next = tensor.tidy(() => {
      const [w1, b1, w2, b2] = params as [Tensor, Tensor, Tensor, Tensor]
      const x = tensor.from(batch.subarray(0, m * d), [m, d])
      const z1 = x.matmul(w1).add(b1)
      const hidden = z1.relu()
      const g2 = hidden
        .matmul(w2)
        .add(b2)
        .softmax()
        .sub(tensor.from(targets.subarray(0, m * c), [m, c]))
      const g1 = g2.matmul(w2.transpose()).mul(z1.step())
      return [
        w1.sub(x.transpose().matmul(g1).mul(step)),
        b1.sub(g1.sum(0, true).mul(step)),
        w2.sub(hidden.transpose().matmul(g2).mul(step)),
        b2.sub(g2.sum(0, true).mul(step)),
      ]
    })
    tensor.dispose(params)
    params = next
  }
  features.close()
  labels.close()
  const weights = new Float32Array(d * h + h + h * c + c)
  let at = 0
  for (const p of params) {
    const values = await p.data()
    weights.set(values, at)
    at += values.length
  }
  return weights
}
