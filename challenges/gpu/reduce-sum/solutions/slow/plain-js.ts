// @skips-lesson (as every slow solution): no kernel at all, the sum in a plain JavaScript loop. On a
// hardware GPU it must stay below gold (the kernels are the lesson). On a software GPU (SwiftShader,
// the "GPU" of CI and CPU-only runners) it beats the kernels, because they run on the CPU too: there
// the trial is not scored (correctness only, no tier), and `arena pack test` says this route was not
// judged.

interface Input {
  values: Float32Array
}

export async function solve(input: Input): Promise<number> {
  let sum = 0
  for (let i = 0; i < input.values.length; i++) sum += input.values[i]!
  return sum
}
