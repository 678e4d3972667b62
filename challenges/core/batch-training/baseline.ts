// Stochastic gradient descent as first written: one sample per step. Every step is ~11 tensor ops on a
// 1-row batch, so the fixed cost of an op (a host call, a GPU dispatch) is paid once per sample.
import { tensor } from 'arena:tensor'

interface Dataset {
  x: Float32Array
  y: Uint8Array
  n: number
  features: number
  classes: number
  dataset: number
}

const LEARNING_RATE = 0.002

export async function solve(data: Dataset): Promise<Float32Array> {
  const { n, features, classes } = data
  let w = tensor.zeros([features, classes])
  let b = tensor.zeros([1, classes])
  const target = new Float32Array(classes)
  for (let i = 0; i < n; i++) {
    target.fill(0)
    target[data.y[i] as number] = 1
    const [nextW, nextB] = tensor.tidy(() => {
      const x = tensor.from(data.x.subarray(i * features, (i + 1) * features), [1, features])
      const p = x.matmul(w).add(b).softmax()
      const g = p.sub(tensor.from(target, [1, classes]))
      const gw = x.transpose().matmul(g)
      return [w.sub(gw.mul(LEARNING_RATE)), b.sub(g.mul(LEARNING_RATE))]
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
