// A tiny parallel challenge for the grader's own tests: spin a generator per task on the pool.
import { defineTests, fail } from '../../authoring/index.ts'
import { spinJump } from '../spinJump.ts'

interface Spin {
  seed: number
  tasks: number
  work: number
}

export default defineTests<Spin, number>({
  generate: (seed, size) => ({ seed, tasks: 8, work: size }),
  check(input, output) {
    let expected = 0
    for (let t = 0; t < input.tasks; t++) expected += spinJump(input.seed + t, input.work)
    return output === expected
      ? true
      : fail('wrong total', { expected: String(expected), actual: String(output) })
  },
  samples: [{ name: 'small', input: { seed: 1, tasks: 4, work: 10 } }],
  hidden: [{ name: 'medium', seed: 2, size: 1000 }],
})
