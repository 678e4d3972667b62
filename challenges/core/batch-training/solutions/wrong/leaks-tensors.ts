// @expect MemoryLimit
// The reference's mini-batches, but nothing is ever disposed: every step leaves its batch, its
// transpose and its gradients behind (~450 KB), so tensor memory grows with the data until it runs out.
import { tensor } from 'arena:tensor'

interface Dataset {
  x: Float32Array
  y: Uint8Array
  n: number
  features: number
  classes: number
  batch: number
  learningRate: number
  epochs: number
}

export async function solve(data: Dataset): Promise<Float32Array> {
  const { n, features, classes } = data
  let w = tensor.zeros([features, classes])
  let b = tensor.zeros([1, classes])
  for (let epoch = 0; epoch < data.epochs; epoch++) {
    for (let start = 0; start < n; start += data.batch) {
      const m = Math.min(data.batch, n - start)
      const targets = new Float32Array(m * classes)
      for (let i = 0; i < m; i++) targets[i * classes + (data.y[start + i] as number)] = 1
      const x = tensor.from(data.x.subarray(start * features, (start + m) * features), [m, features])
      const g = x
        .matmul(w)
        .add(b)
        .softmax()
        .sub(tensor.from(targets, [m, classes]))
      const step = data.learningRate / m
      w = w.sub(x.transpose().matmul(g).mul(step))
      b = b.sub(g.sum(0, true).mul(step))
    }
  }
  const weights = new Float32Array((features + 1) * classes)
  weights.set(await w.data())
  weights.set(await b.data(), features * classes)
  return weights
}
