import { createRng, defineTests, excerpt, fail, msg } from '@arena/grader/authoring'

interface Input {
  m: number
  n: number
  k: number
  a: Float32Array
  b: Float32Array
}

function matrices(seed: number, m: number, n: number, k: number): Input {
  const rng = createRng(seed)
  const random = (length: number) => Float32Array.from({ length }, () => rng.float() * 2 - 1)
  return { m, n, k, a: random(m * k), b: random(k * n) }
}

/**
 * c[i][j] in f64, and how far an f32 dot product of length k may be from it in any order of
 * additions: k · 2⁻²⁴ · Σ|a[i][q]·b[q][j]| (the textbook bound γ_k), plus a little for the tiny sums.
 */
function expected(input: Input): { c: Float64Array; bound: Float64Array } {
  const { m, n, k, a, b } = input
  const c = new Float64Array(m * n)
  const magnitude = new Float64Array(m * n)
  for (let i = 0; i < m; i++) {
    for (let q = 0; q < k; q++) {
      const aiq = a[i * k + q]!
      for (let j = 0; j < n; j++) {
        const product = aiq * b[q * n + j]!
        c[i * n + j]! += product
        magnitude[i * n + j]! += Math.abs(product)
      }
    }
  }
  const bound = magnitude.map((sum) => k * 2 ** -24 * sum + 1e-6)
  return { c, bound }
}

export default defineTests<Input, Float32Array>({
  generate: (seed, size) => matrices(seed, size, size, size),
  check(input, output) {
    if (!(output instanceof Float32Array))
      return fail(
        msg({
          en: `expected a Float32Array, got ${excerpt(output)}`,
          ko: `Float32Array여야 하는데 ${excerpt(output)} 을(를) 받았습니다`,
        }),
      )
    if (output.length !== input.m * input.n) {
      return fail(
        msg({
          en: `expected ${input.m}×${input.n} = ${input.m * input.n} values, got ${output.length}`,
          ko: `값이 ${input.m}×${input.n} = ${input.m * input.n}개여야 하는데 ${output.length}개입니다`,
        }),
      )
    }
    const { c, bound } = expected(input)
    for (let index = 0; index < c.length; index++) {
      const error = Math.abs(output[index]! - c[index]!)
      if (!(error <= bound[index]!)) {
        const row = Math.floor(index / input.n)
        return fail(
          msg({
            en: `c[${row}][${index % input.n}] is off by ${error.toPrecision(3)} (allowed: ${bound[index]!.toPrecision(3)})`,
            ko: `c[${row}][${index % input.n}]의 오차가 ${error.toPrecision(3)}입니다(허용: ${bound[index]!.toPrecision(3)})`,
          }),
          { expected: String(c[index]), actual: String(output[index]) },
        )
      }
    }
    return true
  },
  samples: [
    {
      name: '2×3 times 3×2',
      input: {
        m: 2,
        n: 2,
        k: 3,
        a: Float32Array.of(1, 2, 3, 4, 5, 6),
        b: Float32Array.of(7, 8, 9, 10, 11, 12),
      },
    },
    { name: '40×40 (a partial tile at every edge)', input: matrices(1, 40, 40, 40) },
  ],
  hidden: [
    { name: '1×1×1', input: { m: 1, n: 1, k: 1, a: Float32Array.of(3), b: Float32Array.of(-2) } },
    { name: 'a row times a column (1×100 · 100×1)', input: matrices(2, 1, 1, 100) },
    { name: 'tall and thin (97×5 · 5×3)', input: matrices(3, 97, 3, 5) },
    { name: 'wide (3×70 · 70×129)', input: matrices(4, 3, 129, 70) },
    { name: '64×64, whole tiles', seed: 5, size: 64 },
  ],
  generated: { count: 2, sizes: [33, 100] },
  describe: (input) =>
    msg({
      en: `a: ${input.m}×${input.k}, b: ${input.k}×${input.n}`,
      ko: `a: ${input.m}×${input.k} 행렬, b: ${input.k}×${input.n} 행렬`,
    }),
})
