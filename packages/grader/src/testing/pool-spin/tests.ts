// A tiny parallel challenge for the grader's own tests: spin a generator per task on the pool.
import { defineTests, fail } from '../../authoring/index.ts'

interface Spin {
  seed: number
  tasks: number
  work: number
}

/**
 * The spin's answer: `work` steps of the generator x -> x * 1103515245 + 12345 (mod 2^32) from
 * `seed + task`, jumped to in log2(work) steps. The step is affine, so k steps are one affine map
 * (a^k, c * (a^k - 1) / (a - 1)), composed by squaring: the same number the learner's loop reaches,
 * without the check spending as much CPU as the run it checks, in every round of every trial.
 */
export function spinOnce(seed: number, task: number, work: number): number {
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
  return (Math.imul(mul, (seed + task) | 0) + add) & 0xffff
}

export default defineTests<Spin, number>({
  generate: (seed, size) => ({ seed, tasks: 8, work: size }),
  check(input, output) {
    let expected = 0
    for (let t = 0; t < input.tasks; t++) expected += spinOnce(input.seed, t, input.work)
    return output === expected
      ? true
      : fail('wrong total', { expected: String(expected), actual: String(output) })
  },
  samples: [{ name: 'small', input: { seed: 1, tasks: 4, work: 10 } }],
  hidden: [{ name: 'medium', seed: 2, size: 1000 }],
})
