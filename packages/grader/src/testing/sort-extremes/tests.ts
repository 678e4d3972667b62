// A fixture challenge for the hostile suite whose output is an object of arrays: the class of results
// that getters, proxies and lazy objects could compute after the clock stopped (issue 14).
import { createRng, defineTests, fail } from '../../authoring/index.ts'

export interface Extremes {
  smallest: number[]
  largest: number[]
  sum: number
}

function expected(values: Float64Array): Extremes {
  const sorted = Float64Array.from(values).sort()
  let sum = 0
  for (const value of values) sum += value
  return { smallest: Array.from(sorted.subarray(0, 10)), largest: Array.from(sorted.subarray(-10)), sum }
}

export default defineTests<Float64Array, Extremes>({
  generate(seed, size) {
    const rng = createRng(seed)
    const values = new Float64Array(size)
    for (let i = 0; i < size; i++) values[i] = rng.int(-1_000_000, 1_000_000)
    return values
  },
  check(input, output) {
    const want = expected(input)
    const same = (a: unknown, b: number[]) =>
      Array.isArray(a) && a.length === b.length && a.every((value, i) => value === b[i])
    if (typeof output !== 'object' || output === null) return fail('expected an object')
    const got = output as Partial<Extremes>
    if (!same(got.smallest, want.smallest) || !same(got.largest, want.largest) || got.sum !== want.sum) {
      return fail('wrong extremes', { expected: JSON.stringify(want), actual: JSON.stringify(output) })
    }
    return true
  },
  samples: [{ name: 'twelve numbers', input: new Float64Array([5, 3, 9, 1, 7, 2, 8, 4, 6, 0, 11, 10]) }],
  hidden: [{ name: 'thousand', seed: 3, size: 1000 }],
  generated: { count: 1, sizes: [100] },
})
