// @expect WrongAnswer
// The reference, but each step moves by η·xᵀg, the gradient's sum over the batch, not its mean: the
// steps are `batch` times too large (training may still classify well; it is not the stated procedure).
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
  let w = tensor.zeros([features, classes])
  let b = tensor.zeros([1, classes])
  const targets = new Float32Array(batch * classes)
  for (let epoch = 0; epoch < data.epochs; epoch++) {
    for (let start = 0; start < n; start += batch) {
      const m = Math.min(batch, n - start)
      targets.fill(0)
      for (let i = 0; i < m; i++) targets[i * classes + (data.y[start + i] as number)] = 1
      const step = data.learningRate
      const [nextW, nextB] = tensor.tidy(() => {
        const x = tensor.from(data.x.subarray(start * features, (start + m) * features), [m, features])
        const g = x
          .matmul(w)
          .add(b)
          .softmax()
          .sub(tensor.from(targets.subarray(0, m * classes), [m, classes]))
        return [w.sub(x.transpose().matmul(g).mul(step)), b.sub(g.sum(0, true).mul(step))]
      })
      w.dispose()
      b.dispose()
      w = nextW
      b = nextB
    }
  }
  const weights = new Float32Array((features + 1) * classes)
  weights.set(await w.data())
  weights.set(await b.data(), features * classes)
  return weights
}
