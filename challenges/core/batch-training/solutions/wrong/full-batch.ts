// @expect MemoryLimit
// Gradient descent on the whole training set at once: one upload, a few ops per step. On the largest
// hidden case the samples are 4 MB; with their transpose (4 MB more) they do not fit the 8 MB of
// tensor memory.
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
  const targets = new Float32Array(n * classes)
  for (let i = 0; i < n; i++) targets[i * classes + (data.y[i] as number)] = 1
  const x = tensor.from(data.x, [n, features])
  const xt = x.transpose()
  const t = tensor.from(targets, [n, classes])
  let w = tensor.zeros([features, classes])
  let b = tensor.zeros([1, classes])
  for (let step = 0; step < 50; step++) {
    const [nextW, nextB] = tensor.tidy(() => {
      const g = x.matmul(w).add(b).softmax().sub(t)
      return [w.sub(xt.matmul(g).mul(0.5 / n)), b.sub(g.sum(0, true).mul(0.5 / n))]
    })
    w.dispose()
    b.dispose()
    w = nextW
    b = nextB
  }
  const weights = new Float32Array((features + 1) * classes)
  weights.set(await w.data())
  weights.set(await b.data(), features * classes)
  return weights
}
