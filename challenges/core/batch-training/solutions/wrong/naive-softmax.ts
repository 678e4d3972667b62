// @expect WrongAnswer
// Softmax written by hand as exp(z) / sum(exp(z)), without subtracting the row's maximum first, and a
// large learning rate: the logits grow past 88, exp overflows float32 to Infinity, Infinity / Infinity
// is NaN, and the NaN spreads into every weight.
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
    const [nextW, nextB] = tensor.tidy(() => {
      const x = tensor.from(data.x.subarray(start * features, (start + m) * features), [m, features])
      const e = x.matmul(w).add(b).exp()
      const g = e.div(e.sum(1, true)).sub(tensor.from(targets, [m, classes]))
      return [
        w.sub(
          x
            .transpose()
            .matmul(g)
            .mul(5 / m),
        ),
        b.sub(g.sum(0, true).mul(5 / m)),
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
