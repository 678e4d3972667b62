// @expect WrongAnswer
// Reads each chunk's labels from the wrong place: position `first * 4` (as if labels were 4-byte
// values like the features), so after the first chunk the labels belong to other samples, or to none.
import { disk } from 'arena:disk'
import { type Tensor, tensor } from 'arena:tensor'

interface TrainingFiles {
  features: string
  labels: string
  n: number
  featureCount: number
  classes: number
  hidden: number
  batch: number
  learningRate: number
  init: Float32Array
}

const CHUNK = 512
export async function solve(job: TrainingFiles): Promise<Float32Array> {
  const { n, featureCount: d, classes: c, hidden: h } = job
  const BATCH = job.batch
  let params: Tensor[] = [
    tensor.from(job.init.subarray(0, d * h), [d, h]),
    tensor.from(job.init.subarray(d * h, d * h + h), [1, h]),
    tensor.from(job.init.subarray(d * h + h, d * h + h + h * c), [h, c]),
    tensor.from(job.init.subarray(d * h + h + h * c), [1, c]),
  ]
  const features = disk.open(job.features)
  const labels = disk.open(job.labels)
  const chunk = new Float32Array(CHUNK * d)
  const chunkLabels = new Uint8Array(CHUNK)
  const targets = new Float32Array(BATCH * c)
  for (let first = 0; first < n; first += CHUNK) {
    const rows = Math.min(CHUNK, n - first)
    features.read(chunk.subarray(0, rows * d), first * d * 4)
    labels.read(chunkLabels.subarray(0, rows), first * 4)
    for (let start = 0; start < rows; start += BATCH) {
      const m = Math.min(BATCH, rows - start)
      targets.fill(0)
      for (let i = 0; i < m; i++) targets[i * c + (chunkLabels[start + i] as number)] = 1
      const step = job.learningRate / m
      const next = tensor.tidy(() => {
        const [w1, b1, w2, b2] = params as [Tensor, Tensor, Tensor, Tensor]
        const x = tensor.from(chunk.subarray(start * d, (start + m) * d), [m, d])
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
