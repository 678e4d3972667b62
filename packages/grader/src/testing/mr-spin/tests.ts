// A tiny mapreduce challenge for the grader's own tests of the counter clock (issue 14, class 4):
// one reducer per key spins a generator; ranked by `counter:criticalPathNs`.
import { defineTests, fail } from '../../authoring/index.ts'

interface Spin {
  seed: number
  keys: number
  work: number
}

/**
 * The spin's answer: `work` steps of the generator x -> x * 1103515245 + 12345 (mod 2^32) from
 * `seed + key`, jumped to in log2(work) steps. The step is affine, so k steps are one affine map
 * (a^k, c * (a^k - 1) / (a - 1)), composed by squaring: the same number the learner's loop reaches,
 * without the check spending as much CPU as the run it checks, in every round of every trial.
 */
export function spinKey(seed: number, key: number, work: number): number {
  // The map for `work` steps (mul, add), and the map for 2^bit steps (stepMul, stepAdd).
  let mul = 1
  let add = 0
  let stepMul = 1103515245
  let stepAdd = 12345
  for (let k = work; k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) {
      mul = Math.imul(stepMul, mul)
      add = (Math.imul(stepMul, add) + stepAdd) | 0
    }
    stepAdd = (Math.imul(stepMul, stepAdd) + stepAdd) | 0
    stepMul = Math.imul(stepMul, stepMul)
  }
  return (Math.imul(mul, (seed + key) | 0) + add) & 0xffff
}

export default defineTests<Spin, number>({
  generate: (seed, size) => ({ seed, keys: 8, work: size }),
  check(input, output) {
    let expected = 0
    for (let key = 0; key < input.keys; key++) expected += spinKey(input.seed, key, input.work)
    return output === expected
      ? true
      : fail('wrong total', { expected: String(expected), actual: String(output) })
  },
  samples: [{ name: 'small', input: { seed: 1, keys: 8, work: 10 } }],
  hidden: [{ name: 'medium', seed: 2, size: 1000 }],
})
