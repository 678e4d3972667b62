// A tiny mapreduce challenge for the grader's own tests of the counter clock (issue 14, class 4):
// one reducer per key spins a generator; ranked by `counter:criticalPathNs`.
import { defineTests, fail } from '../../authoring/index.ts'
import { spinJump } from '../spinJump.ts'

interface Spin {
  seed: number
  keys: number
  work: number
}

export default defineTests<Spin, number>({
  generate: (seed, size) => ({ seed, keys: 8, work: size }),
  check(input, output) {
    let expected = 0
    for (let key = 0; key < input.keys; key++) expected += spinJump(input.seed + key, input.work)
    return output === expected
      ? true
      : fail('wrong total', { expected: String(expected), actual: String(output) })
  },
  samples: [{ name: 'small', input: { seed: 1, keys: 8, work: 10 } }],
  hidden: [{ name: 'medium', seed: 2, size: 1000 }],
})
