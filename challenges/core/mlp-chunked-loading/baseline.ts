// The first version that works: each sample read from the file with a read of its own (2 KB a call),
// and each batch's gradient summed 4 samples at a time before the step. It never holds more than 4
// samples, so memory is fine, but it pays the fixed cost of a host call per sample and of ~30 tensor
// ops per 4 samples.
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

const GROUP = 4

export async function solve(job: TrainingFiles): Promise<Float32Array> {
  const { n, featureCount: d, classes: c, hidden: h } = job
  let params: Tensor[] = [
    tensor.from(job.init.subarray(0, d * h), [d, h]),
    tensor.from(job.init.subarray(d * h, d * h + h), [1, h]),
    tensor.from(job.init.subarray(d * h + h, d * h + h + h * c), [h, c]),
    tensor.from(job.init.subarray(d * h + h + h * c), [1, c]),
  ]
  const features = disk.open(job.features)
  const labels = disk.open(job.labels)
  const group = new Float32Array(GROUP * d)
  const groupLabels = new Uint8Array(GROUP)
  const targets = new Float32Array(GROUP * c)
  for (let start = 0; start < n; start += job.batch) {
    const m = Math.min(job.batch, n - start)
    let sums: Tensor[] = [
      tensor.zeros([d, h]),
      tensor.zeros([1, h]),
      tensor.zeros([h, c]),
      tensor.zeros([1, c]),
    ]
    for (let first = start; first < start + m; first += GROUP) {
      const k = Math.min(GROUP, start + m - first)
      for (let i = 0; i < k; i++) features.read(group.subarray(i * d, (i + 1) * d), (first + i) * d * 4)
      labels.read(groupLabels.subarray(0, k), first)
      targets.fill(0)
      for (let i = 0; i < k; i++) targets[i * c + (groupLabels[i] as number)] = 1
      const next = tensor.tidy(() => {
        const [w1, b1, w2, b2] = params as [Tensor, Tensor, Tensor, Tensor]
        const x = tensor.from(group.subarray(0, k * d), [k, d])
        const z1 = x.matmul(w1).add(b1)
        const hidden = z1.relu()
        const g2 = hidden
          .matmul(w2)
          .add(b2)
          .softmax()
          .sub(tensor.from(targets.subarray(0, k * c), [k, c]))
        const g1 = g2.matmul(w2.transpose()).mul(z1.step())
        const [s1, s2, s3, s4] = sums as [Tensor, Tensor, Tensor, Tensor]
        return [
          s1.add(x.transpose().matmul(g1)),
          s2.add(g1.sum(0, true)),
          s3.add(hidden.transpose().matmul(g2)),
          s4.add(g2.sum(0, true)),
        ]
      })
      tensor.dispose(sums)
      sums = next
    }
    const step = job.learningRate / m
    const next = tensor.tidy(() => params.map((p, i) => p.sub((sums[i] as Tensor).mul(step))))
    tensor.dispose(params)
    tensor.dispose(sums)
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
