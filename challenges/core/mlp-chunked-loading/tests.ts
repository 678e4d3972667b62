import {
  type CheckContext,
  defineTests,
  excerpt,
  fail,
  type GenerateContext,
  msg,
} from '@arena/grader/authoring'
import { CLASSES, FEATURES, HIDDEN, initialWeights, replay, sampleChunks } from './dataset.ts'

/** Names of files in the run's scratch folder, the sizes the MLP must have, and the procedure. */
interface TrainingFiles {
  features: string
  labels: string
  n: number
  featureCount: number
  classes: number
  hidden: number
  batch: number
  learningRate: number
  init: Float32Array
}

/** The procedure of the perf cases and of every seeded case (the init comes from the seed). */
const STANDARD = { batch: 256, learningRate: 0.3 }

/**
 * How far each block of returned weights (W1, b1, W2, b2) may be from the float64 replay: the
 * distance between the two over the replay's length (relative L2). Not a per-weight bound: a hidden
 * unit whose pre-activation sits within float32 rounding of 0 for some sample takes the other side of
 * the ReLU in float32, which moves that unit's column by about 1% and no other; over a block that is
 * ~0.2%. float32 training otherwise lands within ~1e-5 (measured: see the README); a procedure that
 * differs in one stated detail, or any shortcut that does not train, lands 10% to 100% away.
 */
const TOLERANCE = 0.01

const BLOCKS = [
  { name: 'W1', length: FEATURES * HIDDEN },
  { name: 'b1', length: HIDDEN },
  { name: 'W2', length: HIDDEN * CLASSES },
  { name: 'b2', length: CLASSES },
] as const

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
    ...STANDARD,
    init: initialWeights(seed),
  }
}

/** The training samples back from the run's input files, a chunk at a time, in file order. */
function* samplesFromFiles(input: TrainingFiles, ctx: CheckContext) {
  const labels = new Uint8Array(input.n)
  let at = 0
  for (const chunk of ctx.files.chunks(input.labels)) {
    labels.set(chunk, at)
    at += chunk.length
  }
  let row = 0
  for (const chunk of ctx.files.chunks(input.features, FEATURES * 4 * 512)) {
    const x = new Float32Array(chunk.buffer, chunk.byteOffset, chunk.length / 4)
    const rows = x.length / FEATURES
    yield { x, y: labels.subarray(row, row + rows) }
    row += rows
  }
}

function check(input: TrainingFiles, output: unknown, ctx: CheckContext) {
  const length = FEATURES * HIDDEN + HIDDEN + HIDDEN * CLASSES + CLASSES
  if (!(output instanceof Float32Array))
    return fail(
      msg({
        en: `expected a Float32Array of ${length} weights (W1, b1, W2, b2), got ${excerpt(output)}`,
        ko: `가중치 ${length}개(W1, b1, W2, b2)의 Float32Array여야 하는데 ${excerpt(output)} 을(를) 받았습니다`,
      }),
    )
  if (output.length !== length)
    return fail(
      msg({
        en: `expected ${length} weights (W1 ${FEATURES}×${HIDDEN}, b1, W2 ${HIDDEN}×${CLASSES}, b2), got ${output.length}`,
        ko: `가중치가 ${length}개(W1 ${FEATURES}×${HIDDEN}, b1, W2 ${HIDDEN}×${CLASSES}, b2)여야 하는데 ${output.length}개입니다`,
      }),
      { expected: String(length), actual: String(output.length) },
    )
  const bad = output.findIndex((v) => !Number.isFinite(v))
  if (bad >= 0)
    return fail(
      msg({
        en: `weight ${bad} is ${output[bad]}: training diverged`,
        ko: `${bad}번 가중치 값이 ${output[bad]}입니다: 학습이 발산했습니다`,
      }),
    )
  const expected = replay(samplesFromFiles(input, ctx), input)
  let start = 0
  for (const block of BLOCKS) {
    let distance = 0
    let size = 0
    let worst = start
    for (let i = start; i < start + block.length; i++) {
      distance += (output[i]! - expected[i]!) ** 2
      size += expected[i]! ** 2
      if (Math.abs(output[i]! - expected[i]!) > Math.abs(output[worst]! - expected[worst]!)) worst = i
    }
    const off = Math.sqrt(distance / Math.max(size, 1e-30))
    if (off > TOLERANCE)
      return fail(
        msg({
          en: `${block.name} is ${(off * 100).toPrecision(2)}% away from the stated procedure's (from the input's init; the samples in file order, batches of ${input.batch}, η = ${input.learningRate}, one pass; at most ${TOLERANCE * 100}% allowed); the farthest is ${block.name}[${worst - start}]`,
          ko: `${block.name} 블록이 제시된 절차의 결과(입력의 init에서 시작, 샘플은 파일 순서대로, 배치 크기 ${input.batch}, η = ${input.learningRate}, 한 번 훑기)와 ${(off * 100).toPrecision(2)}% 다릅니다(허용: 최대 ${TOLERANCE * 100}%). 가장 많이 벗어난 값은 ${block.name}[${worst - start}]입니다`,
        }),
        { expected: expected[worst]!.toPrecision(6), actual: String(output[worst]) },
      )
    start += block.length
  }
  return true
}

export default defineTests<TrainingFiles, Float32Array>({
  generate,
  check,
  samples: [{ name: '2000 samples (4 MB)', seed: 1, size: 2000 }],
  // The largest first: a program that reads the whole file fails at that allocation (MemoryLimit).
  // On the 6 MB case it would fail later, inside a tensor op's copy, where the sandbox reports the
  // isolate's death as "Promise was abandoned" (RuntimeError; reported to the sandbox's owner).
  hidden: [
    { name: '6000 samples (12 MB: more than the 8 MB memory limit)', seed: 3, size: 6000 },
    { name: '3000 samples (6 MB)', seed: 2, size: 3000 },
  ],
  generated: { count: 1, sizes: [2500, 4000] },
  describe: (input) =>
    msg({
      en: `${input.n} samples × ${input.featureCount} features in ${input.features} (${input.n * input.featureCount * 4} bytes), labels in ${input.labels}; batches of ${input.batch}, η = ${input.learningRate}`,
      ko: `${input.features}에 샘플 ${input.n}개 × 특징 ${input.featureCount}개(${input.n * input.featureCount * 4}바이트), ${input.labels}에 레이블; 배치 크기 ${input.batch}, η = ${input.learningRate}`,
    }),
})
