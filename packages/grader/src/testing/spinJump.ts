// The answer of the spin fixtures (mr-spin, pool-spin): shared by their tests.ts, which the grader
// bundles with what they import.

/**
 * `work` steps of the generator x -> x * 1103515245 + 12345 (mod 2^32) from `start`, low 16 bits,
 * jumped to in log2(work) steps. The step is affine, so k steps are one affine map
 * (a^k, c * (a^k - 1) / (a - 1)), composed by squaring: the same number the learner's loop reaches,
 * without the check spending as much CPU as the run it checks, in every round of every trial.
 */
export function spinJump(start: number, work: number): number {
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
  return (Math.imul(mul, start | 0) + add) & 0xffff
}
