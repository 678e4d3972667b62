import { defineTests, excerpt, fail, type GenerateContext } from '@arena/grader/authoring'
import { ACCURACY_BAR, CLASSES, FEATURES, HIDDEN, heldOutAccuracy, sampleChunks } from './dataset.ts'

/** Names of files in the run's scratch folder, and the sizes the MLP must have. */
interface TrainingFiles {
  features: string
  labels: string
  n: number
  featureCount: number
  classes: number
  hidden: number
  dataset: number
}

function generate(seed: number, size: number, ctx: GenerateContext): TrainingFiles {
  // One pass of the generator writes the features; the labels (1 byte a sample) wait in memory.
  const labels = new Uint8Array(size)
  let at = 0
  function* features() {
    for (const { x, y } of sampleChunks(seed, size, 0)) {
      labels.set(y, at)
      at += y.length
      yield x
    }
  }
  return {
    features: ctx.files.write('features.f32', features()),
    labels: ctx.files.write('labels.u8', [labels]),
    n: size,
    featureCount: FEATURES,
    classes: CLASSES,
    hidden: HIDDEN,
    dataset: seed,
  }
}

function check(input: TrainingFiles, output: unknown) {
  const length = FEATURES * HIDDEN + HIDDEN + HIDDEN * CLASSES + CLASSES
  if (!(output instanceof Float32Array))
    return fail(`expected a Float32Array of ${length} weights (W1, b1, W2, b2), got ${excerpt(output)}`)
  if (output.length !== length)
    return fail(
      `expected ${length} weights (W1 ${FEATURES}×${HIDDEN}, b1, W2 ${HIDDEN}×${CLASSES}, b2), got ${output.length}`,
      {
        expected: String(length),
        actual: String(output.length),
      },
    )
  const bad = output.findIndex((v) => !Number.isFinite(v))
  if (bad >= 0) return fail(`weight ${bad} is ${output[bad]}: training diverged`)
  const got = heldOutAccuracy(output, input.dataset)
  if (got < ACCURACY_BAR)
    return fail(`held-out accuracy ${(got * 100).toFixed(1)}% is below ${ACCURACY_BAR * 100}%`, {
      expected: `≥ ${ACCURACY_BAR * 100}%`,
      actual: `${(got * 100).toFixed(1)}%`,
    })
  return true
}

export default defineTests<TrainingFiles, Float32Array>({
  generate,
  check,
  samples: [{ name: '2000 samples (4 MB)', seed: 1, size: 2000 }],
  hidden: [
    { name: '3000 samples (6 MB)', seed: 2, size: 3000 },
    { name: '6000 samples (12 MB: more than the 8 MB memory limit)', seed: 3, size: 6000 },
  ],
  generated: { count: 1, sizes: [2500, 4000] },
  describe: (input) =>
    `${input.n} samples × ${input.featureCount} features in ${input.features} (${input.n * input.featureCount * 4} bytes), labels in ${input.labels}`,
})
