// @expect WrongAnswer
// Adds the gradient instead of subtracting it: every step makes the loss larger, and the classifier
// learns to prefer the wrong classes.
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
  const targets = new Float32Array(100 * classes)
  for (let start = 0; start < n; start += 100) {
    const m = Math.min(100, n - start)
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
            .mul(0.1 / m),
        ),
        b.add(g.sum(0, true).mul(0.1 / m)),
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
