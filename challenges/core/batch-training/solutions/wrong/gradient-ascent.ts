// @expect WrongAnswer
// Adds the gradient instead of subtracting it: every step makes the loss larger. The weights move as
// far as the procedure's, in the opposite direction.
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
  const targets = new Float32Array(data.batch * classes)
  for (let start = 0; start < n; start += data.batch) {
    const m = Math.min(data.batch, n - start)
    targets.fill(0)
    for (let i = 0; i < m; i++) targets[i * classes + (data.y[start + i] as number)] = 1
    const [nextW, nextB] = tensor.tidy(() => {
      const x = tensor.from(data.x.subarray(start * features, (start + m) * features), [m, features])
      const g = x
        .matmul(w)
        .add(b)
        .softmax()
        .sub(tensor.from(targets.subarray(0, m * classes), [m, classes]))
      return [
        w.add(
          x
            .transpose()
            .matmul(g)
            .mul(data.learningRate / m),
        ),
        b.add(g.sum(0, true).mul(data.learningRate / m)),
      ]
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
