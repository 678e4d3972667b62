// A tiny challenge for the grader's own tests: sum a Float64Array.
import { createRng, defineTests, fail } from '../../authoring/index.ts'

export default defineTests<Float64Array, number>({
  generate(seed, size) {
    const rng = createRng(seed)
    const values = new Float64Array(size)
    for (let i = 0; i < size; i++) values[i] = rng.int(-1000, 1000)
    return values
  },
  check(input, output) {
    let expected = 0
    for (const value of input) expected += value
    if (typeof output !== 'number') return fail(`expected a number, got ${typeof output}`)
    return output === expected
      ? true
      : fail('wrong sum', { expected: String(expected), actual: String(output) })
  },
  samples: [
    { name: 'three numbers', input: new Float64Array([1, 2, 3]) },
    { name: 'empty', input: new Float64Array(0) },
  ],
  hidden: [{ name: 'thousand', seed: 7, size: 1000 }],
  generated: { count: 2, sizes: [10, 100] },
})
