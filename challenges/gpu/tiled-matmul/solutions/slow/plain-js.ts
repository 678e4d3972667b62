// @skips-lesson (as every slow solution): no kernel at all, the product in a plain JavaScript loop
// (i-k-j order, so b and c are read along their rows). On a hardware GPU it must stay below gold (the
// kernels are the lesson). On a software GPU (SwiftShader, the "GPU" of CI and CPU-only runners) the
// kernels run on the CPU too: there the trial is not scored (correctness only, no tier), and
// `arena pack test` says this route was not judged.

interface Input {
  m: number
  n: number
  k: number
  a: Float32Array
  b: Float32Array
}

export async function solve(input: Input): Promise<Float32Array> {
  const { m, n, k, a, b } = input
  // Sums in doubles, stored as f32 once: at least as exact as the kernels' f32 sums.
  const row = new Float64Array(n)
  const c = new Float32Array(m * n)
  for (let i = 0; i < m; i++) {
    row.fill(0)
    for (let p = 0; p < k; p++) {
      const x = a[i * k + p]!
      const offset = p * n
      for (let j = 0; j < n; j++) row[j]! += x * b[offset + j]!
    }
    c.set(row, i * n)
  }
  return c
}
