import { createRng, defineTests, excerpt, fail } from '@arena/grader/authoring'

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
    if (!(output instanceof Uint32Array)) return fail(`expected a Uint32Array, got ${excerpt(output)}`)
    if (output.length !== input.bins) return fail(`expected ${input.bins} bins, got ${output.length}`)
    const expected = histogram(input)
    // Counts are whole numbers: the tolerance is zero.
    for (let bin = 0; bin < input.bins; bin++) {
      if (output[bin] !== expected[bin]) {
        const total = output.reduce((sum, count) => sum + count, 0)
        return fail(
          `bin ${bin} is wrong (your bins hold ${total} values in all; there are ${input.values.length})`,
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
      ? `values [${Array.from(input.values).join(', ')}], ${input.bins} bins`
      : `${input.values.length} values, ${input.bins} bins`,
})
