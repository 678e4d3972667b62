import { createRng, defineTests, excerpt, fail, msg } from '@arena/grader/authoring'

interface Input {
  values: Float32Array
}

/** The exact sum, in f64 (the values are multiples of 1/16, so any f32 order of additions gives it too). */
function exactSum(values: Float32Array): number {
  let sum = 0
  for (let i = 0; i < values.length; i++) sum += values[i]!
  return sum
}

/** Every order of f32 additions of these values is exact; the tolerance only allows for f32 rounding of larger sums. */
export function tolerance(exact: number): number {
  return Math.max(1e-3, 1e-6 * Math.abs(exact))
}

function values(seed: number, n: number): Float32Array {
  const rng = createRng(seed)
  return Float32Array.from({ length: n }, () => rng.int(-128, 128) / 16)
}

export default defineTests<Input, number>({
  generate: (seed, size) => ({ values: values(seed, size) }),
  check(input, output) {
    if (typeof output !== 'number' || !Number.isFinite(output)) {
      return fail(
        msg({
          en: `expected a finite number, got ${excerpt(output)}`,
          ko: `유한한 수여야 하는데 ${excerpt(output)} 을(를) 받았습니다`,
        }),
      )
    }
    const exact = exactSum(input.values)
    const error = Math.abs(output - exact)
    if (error > tolerance(exact)) {
      const message = msg({
        en: `the sum is off by ${error.toPrecision(3)} (allowed: ${tolerance(exact).toPrecision(3)})`,
        ko: `합의 오차가 ${error.toPrecision(3)}입니다(허용: ${tolerance(exact).toPrecision(3)})`,
      })
      return fail(message, {
        expected: String(exact),
        actual: String(output),
      })
    }
    return true
  },
  samples: [
    { name: 'four values', input: { values: Float32Array.of(1, 2, 3, 4) } },
    { name: 'one workgroup and a bit (300 values)', seed: 1, size: 300 },
  ],
  hidden: [
    { name: 'one value', input: { values: Float32Array.of(-2.5) } },
    { name: 'exactly 256 values', seed: 2, size: 256 },
    { name: '65,537 values (a tail after whole workgroups)', seed: 3, size: 65_537 },
    { name: 'all zero', input: { values: new Float32Array(5000) } },
    { name: '200,003 values', seed: 4, size: 200_003 },
  ],
  generated: { count: 3, sizes: [1023, 4099, 100_000] },
  describe: (input) => {
    if (input.values.length <= 8) {
      const values = Array.from(input.values).join(', ')
      return msg({ en: `values [${values}]`, ko: `값 [${values}]` })
    }
    const first = Array.from(input.values.subarray(0, 4)).join(', ')
    return msg({
      en: `${input.values.length} values (${first}, …)`,
      ko: `값 ${input.values.length}개 (${first}, …)`,
    })
  },
})
