// @skips-lesson (as every slow solution): the stated procedure in plain JavaScript in the sandbox, no
// tensor op, its inner loops unrolled over the 10 classes into locals. Correct, and it must stay below
// gold: measured 0.17-0.44 on a cpu runner (66-92 ms vs the reference's 17-27 ms for 1000 samples, a
// busy machine; 0.32 for a plain triple loop), and a gpu runner's reference is faster still.
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
  const { n, features: F, batch } = data
  const x = data.x
  const w = new Float64Array((F + 1) * 10)
  const bias = F * 10
  const g = new Float64Array(batch * 10)
  const acc = new Float64Array(F * 10)
  for (let epoch = 0; epoch < data.epochs; epoch++) {
    for (let start = 0; start < n; start += batch) {
      const m = Math.min(batch, n - start)
      for (let i = 0; i < m; i++) {
        const row = (start + i) * F
        let c0 = w[bias]!,
          c1 = w[bias + 1]!,
          c2 = w[bias + 2]!,
          c3 = w[bias + 3]!,
          c4 = w[bias + 4]!
        let c5 = w[bias + 5]!,
          c6 = w[bias + 6]!,
          c7 = w[bias + 7]!,
          c8 = w[bias + 8]!,
          c9 = w[bias + 9]!
        for (let f = 0, q = 0; f < F; f++, q += 10) {
          const v = x[row + f]!
          c0 += v * w[q]!
          c1 += v * w[q + 1]!
          c2 += v * w[q + 2]!
          c3 += v * w[q + 3]!
          c4 += v * w[q + 4]!
          c5 += v * w[q + 5]!
          c6 += v * w[q + 6]!
          c7 += v * w[q + 7]!
          c8 += v * w[q + 8]!
          c9 += v * w[q + 9]!
        }
        const max = Math.max(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9)
        c0 = Math.exp(c0 - max)
        c1 = Math.exp(c1 - max)
        c2 = Math.exp(c2 - max)
        c3 = Math.exp(c3 - max)
        c4 = Math.exp(c4 - max)
        c5 = Math.exp(c5 - max)
        c6 = Math.exp(c6 - max)
        c7 = Math.exp(c7 - max)
        c8 = Math.exp(c8 - max)
        c9 = Math.exp(c9 - max)
        const s = 1 / (c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9)
        const o = i * 10
        g[o] = c0 * s
        g[o + 1] = c1 * s
        g[o + 2] = c2 * s
        g[o + 3] = c3 * s
        g[o + 4] = c4 * s
        g[o + 5] = c5 * s
        g[o + 6] = c6 * s
        g[o + 7] = c7 * s
        g[o + 8] = c8 * s
        g[o + 9] = c9 * s
        g[o + data.y[start + i]!] = g[o + data.y[start + i]!]! - 1
      }
      const step = data.learningRate / m
      acc.fill(0)
      for (let i = 0; i < m; i++) {
        const row = (start + i) * F
        const o = i * 10
        const g0 = g[o]!,
          g1 = g[o + 1]!,
          g2 = g[o + 2]!,
          g3 = g[o + 3]!,
          g4 = g[o + 4]!
        const g5 = g[o + 5]!,
          g6 = g[o + 6]!,
          g7 = g[o + 7]!,
          g8 = g[o + 8]!,
          g9 = g[o + 9]!
        for (let f = 0, q = 0; f < F; f++, q += 10) {
          const v = x[row + f]!
          acc[q] = acc[q]! + v * g0
          acc[q + 1] = acc[q + 1]! + v * g1
          acc[q + 2] = acc[q + 2]! + v * g2
          acc[q + 3] = acc[q + 3]! + v * g3
          acc[q + 4] = acc[q + 4]! + v * g4
          acc[q + 5] = acc[q + 5]! + v * g5
          acc[q + 6] = acc[q + 6]! + v * g6
          acc[q + 7] = acc[q + 7]! + v * g7
          acc[q + 8] = acc[q + 8]! + v * g8
          acc[q + 9] = acc[q + 9]! + v * g9
        }
        for (let c = 0; c < 10; c++) w[bias + c] = w[bias + c]! - step * g[o + c]!
      }
      for (let q = 0; q < F * 10; q++) w[q] = w[q]! - step * acc[q]!
    }
  }
  return Float32Array.from(w)
}
