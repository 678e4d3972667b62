// @skips-lesson (as every slow solution): no kernel at all, the counts in a plain JavaScript loop. On
// a hardware GPU it must stay below gold (the kernels are the lesson). On a software GPU (SwiftShader,
// the "GPU" of CI and CPU-only runners) it beats the kernels, because they run on the CPU too: there
// the trial is not scored (correctness only, no tier), and `arena pack test` says this route was not
// judged.

interface Input {
  values: Uint32Array
  bins: number
}

export async function solve(input: Input): Promise<Uint32Array> {
  const counts = new Uint32Array(input.bins)
  for (let i = 0; i < input.values.length; i++) counts[input.values[i]!]!++
  return counts
}
