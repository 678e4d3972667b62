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
  dataset: number
}

export async function solve(data: Dataset): Promise<Float32Array> {
  const { n, features, classes } = data
  let w = tensor.zeros([features, classes])
  let b = tensor.zeros([1, classes])
  for (let start = 0; start < n; start += 100) {
    const m = Math.min(100, n - start)
    const targets = new Float32Array(m * classes)
    for (let i = 0; i < m; i++) targets[i * classes + (data.y[start + i] as number)] = 1
    const x = tensor.from(data.x.subarray(start * features, (start + m) * features), [m, features])
    const g = x
      .matmul(w)
      .add(b)
      .softmax()
      .sub(tensor.from(targets, [m, classes]))
    w = w.sub(
      x
        .transpose()
        .matmul(g)
        .mul(0.1 / m),
    )
    b = b.sub(g.sum(0, true).mul(0.1 / m))
  }
  const weights = new Float32Array((features + 1) * classes)
  weights.set(await w.data())
  weights.set(await b.data(), features * classes)
  return weights
}
