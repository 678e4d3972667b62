import { createRng, defineTests, excerpt, fail, msg } from '@arena/grader/authoring'

interface Input {
  values: Uint32Array
  bins: number
}

/**
 * Skewed like real data (a sum of uniforms, most values near the middle bins): the contention on a
 * few hot bins is what makes a per-workgroup histogram pay.
 */
function input(seed: number, n: number, bins = 256): Input {
  const rng = createRng(seed)
  const values = Uint32Array.from({ length: n }, () => {
    const sample = (rng.float() + rng.float() + rng.float()) / 3
    return Math.min(bins - 1, Math.floor(sample * bins))
  })
  return { values, bins }
}

function histogram({ values, bins }: Input): Uint32Array {
  const counts = new Uint32Array(bins)
  for (let i = 0; i < values.length; i++) counts[values[i]!]!++
  return counts
}

export default defineTests<Input, Uint32Array>({
  generate: (seed, size) => input(seed, size),
  check(input, output) {
    if (!(output instanceof Uint32Array))
      return fail(
        msg({
          en: `expected a Uint32Array, got ${excerpt(output)}`,
          ko: `Uint32Array여야 하는데 ${excerpt(output)} 을(를) 받았습니다`,
        }),
      )
    if (output.length !== input.bins)
      return fail(
        msg({
          en: `expected ${input.bins} bins, got ${output.length}`,
          ko: `구간(bin)이 ${input.bins}개여야 하는데 ${output.length}개입니다`,
        }),
      )
    const expected = histogram(input)
    // Counts are whole numbers: the tolerance is zero.
    for (let bin = 0; bin < input.bins; bin++) {
      if (output[bin] !== expected[bin]) {
        const total = output.reduce((sum, count) => sum + count, 0)
        return fail(
          msg({
            en: `bin ${bin} is wrong (your bins hold ${total} values in all; there are ${input.values.length})`,
            ko: `${bin}번 구간이 틀렸습니다(여러분의 구간에 든 값은 모두 ${total}개, 실제 값은 ${input.values.length}개입니다)`,
          }),
          { expected: String(expected[bin]), actual: String(output[bin]) },
        )
      }
    }
    return true
  },
  samples: [
    { name: '8 values, 4 bins', input: { values: Uint32Array.of(0, 1, 1, 3, 3, 3, 2, 1), bins: 4 } },
    { name: '1000 values, 16 bins', input: input(1, 1000, 16) },
  ],
  hidden: [
    { name: 'one value', input: { values: Uint32Array.of(5), bins: 6 } },
    { name: 'one bin', input: input(2, 3000, 1) },
    { name: 'every value in the same bin', input: { values: new Uint32Array(70_000).fill(200), bins: 256 } },
    { name: '100,003 values (a tail after whole workgroups)', seed: 3, size: 100_003 },
  ],
  generated: { count: 3, sizes: [255, 4097, 65_536] },
  describe: (input) =>
    input.values.length <= 8
      ? msg({
          en: `values [${Array.from(input.values).join(', ')}], ${input.bins} bins`,
          ko: `값 [${Array.from(input.values).join(', ')}], 구간 ${input.bins}개`,
        })
      : msg({
          en: `${input.values.length} values, ${input.bins} bins`,
          ko: `값 ${input.values.length}개, 구간 ${input.bins}개`,
        }),
})
