// The stated procedure as first written: one sample at a time. Each sample's gradient is ~9 tensor ops
// on a 1-row batch, added into the batch's sum, and the weights move once per batch, so the result is
// the reference's; but the fixed cost of an op (a host call, a GPU dispatch) is paid once per sample.
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
  const target = new Float32Array(classes)
  for (let epoch = 0; epoch < data.epochs; epoch++) {
    for (let start = 0; start < n; start += batch) {
      const m = Math.min(batch, n - start)
      let gw = tensor.zeros([features, classes])
      let gb = tensor.zeros([1, classes])
      for (let i = start; i < start + m; i++) {
        target.fill(0)
        target[data.y[i] as number] = 1
        const [nextGw, nextGb] = tensor.tidy(() => {
          const x = tensor.from(data.x.subarray(i * features, (i + 1) * features), [1, features])
          const g = x
            .matmul(w)
            .add(b)
            .softmax()
            .sub(tensor.from(target, [1, classes]))
          return [gw.add(x.transpose().matmul(g)), gb.add(g)]
        })
        gw.dispose()
        gb.dispose()
        gw = nextGw
        gb = nextGb
      }
      const step = data.learningRate / m
      const [nextW, nextB] = tensor.tidy(() => [w.sub(gw.mul(step)), b.sub(gb.mul(step))])
      tensor.dispose([w, b, gw, gb])
      w = nextW
      b = nextB
    }
  }
  const weights = new Float32Array((features + 1) * classes)
  weights.set(await w.data())
  weights.set(await b.data(), features * classes)
  return weights
}
