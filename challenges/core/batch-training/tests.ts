import { defineTests, excerpt, fail } from '@arena/grader/authoring'
import { accuracy, CLASSES, centroidAccuracy, FEATURES, HELD_OUT, samples } from './dataset.ts'

interface Dataset {
  x: Float32Array
  y: Uint8Array
  n: number
  features: number
  classes: number
  dataset: number
}

/** How far below nearest-centroid (on all the training data) a trained classifier may land. */
const MARGIN = 0.04

function generate(seed: number, size: number): Dataset {
  const { x, y } = samples(seed, size, 0)
  return { x, y, n: size, features: FEATURES, classes: CLASSES, dataset: seed }
}

function check(input: Dataset, output: unknown) {
  const length = (FEATURES + 1) * CLASSES
  if (!(output instanceof Float32Array))
    return fail(`expected a Float32Array of ${length} weights, got ${excerpt(output)}`)
  if (output.length !== length)
    return fail(
      `expected ${length} weights ((features + 1) × classes, bias row last), got ${output.length}`,
      {
        expected: String(length),
        actual: String(output.length),
      },
    )
  const bad = output.findIndex((v) => !Number.isFinite(v))
  if (bad >= 0)
    return fail(
      `weight ${bad} (row ${Math.floor(bad / CLASSES)}, class ${bad % CLASSES}) is ${output[bad]}: training diverged (an overflowing exp, or a learning rate too high?)`,
    )
  const heldOut = samples(input.dataset, HELD_OUT, 1)
  const got = accuracy(output, heldOut)
  const bar = centroidAccuracy({ x: input.x, y: input.y }, heldOut) - MARGIN
  if (got < bar)
    return fail(
      `held-out accuracy ${(got * 100).toFixed(1)}% is below the bar of ${(bar * 100).toFixed(1)}% (nearest-centroid on all ${input.n} training samples, minus ${MARGIN * 100} points): train on every sample`,
      { expected: `≥ ${(bar * 100).toFixed(1)}%`, actual: `${(got * 100).toFixed(1)}%` },
    )
  return true
}

export default defineTests<Dataset, Float32Array>({
  generate,
  check,
  samples: [{ name: '600 samples', seed: 1, size: 600 }],
  hidden: [
    { name: '2000 samples (4 MB: a full batch and its transpose do not fit in 8 MB)', seed: 3, size: 2000 },
  ],
  generated: { count: 1, sizes: [700, 900] },
  describe: (input) => `${input.n} samples × ${input.features} features, ${input.classes} classes`,
})
