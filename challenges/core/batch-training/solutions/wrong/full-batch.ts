// @expect MemoryLimit
// The stated procedure, with the whole training set uploaded once (and its transpose precomputed) so
// that each batch is a slice of it. On the largest hidden case the samples are 4 MB; with their
// transpose (4 MB more) they do not fit the 8 MB of tensor memory.
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
  const { n, features, classes, batch } = data
  const targets = new Float32Array(n * classes)
  for (let i = 0; i < n; i++) targets[i * classes + (data.y[i] as number)] = 1
  const all = tensor.from(data.x, [n, features])
  const allT = all.transpose()
  const t = tensor.from(targets, [n, classes])
  let w = tensor.zeros([features, classes])
  let b = tensor.zeros([1, classes])
  for (let epoch = 0; epoch < data.epochs; epoch++) {
    for (let start = 0; start < n; start += batch) {
      const m = Math.min(batch, n - start)
      const step = data.learningRate / m
      const [nextW, nextB] = tensor.tidy(() => {
        const x = all.rows(start, start + m)
        const g = x
          .matmul(w)
          .add(b)
          .softmax()
          .sub(t.rows(start, start + m))
        return [w.sub(x.transpose().matmul(g).mul(step)), b.sub(g.sum(0, true).mul(step))]
      })
      w.dispose()
      b.dispose()
      w = nextW
      b = nextB
    }
  }
  tensor.dispose([all, allT, t])
  const weights = new Float32Array((features + 1) * classes)
  weights.set(await w.data())
  weights.set(await b.data(), features * classes)
  return weights
}
