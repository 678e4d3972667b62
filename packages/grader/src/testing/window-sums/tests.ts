// A fixture with two dimensions (issue 19.11): the sums of every window of w values in a series of n.
// Its sizes are named parameters `{ n, w }`, so the window width never hides in the seed.
import { createRng, defineTests, fail } from '../../authoring/index.ts'

type Input = { values: Float64Array; w: number }
type Size = { n: number; w: number }

export default defineTests<Input, Float64Array, Size>({
  generate(seed, { n, w }) {
    const rng = createRng(seed)
    const values = new Float64Array(n)
    for (let i = 0; i < n; i++) values[i] = rng.int(-100, 100)
    return { values, w }
  },
  check({ values, w }, output) {
    if (!(output instanceof Float64Array)) return fail('expected a Float64Array')
    const windows = Math.max(0, values.length - w + 1)
    if (output.length !== windows) return fail(`expected ${windows} window sums, got ${output.length}`)
    for (let start = 0; start < windows; start++) {
      let sum = 0
      for (let i = start; i < start + w; i++) sum += values[i] ?? 0
      if (output[start] !== sum)
        return fail(`window ${start} is wrong`, { expected: String(sum), actual: String(output[start]) })
    }
    return true
  },
  samples: [{ name: 'ten values, window 3', seed: 1, size: { n: 10, w: 3 } }],
  hidden: [{ name: 'window of one', seed: 2, size: { n: 50, w: 1 } }],
  generated: {
    count: 2,
    sizes: [
      { n: 40, w: 5 },
      { n: 60, w: 60 },
    ],
  },
})
