import { defineTests, excerpt, fail, msg } from '@arena/grader/authoring'
import { CLASSES, FEATURES, type Procedure, replay, samples } from './dataset.ts'

interface Dataset {
  x: Float32Array
  y: Uint8Array
  n: number
  features: number
  classes: number
  batch: number
  learningRate: number
  epochs: number
}

/** The procedure of the perf cases and of every seeded case: what the statement's example uses. */
const STANDARD: Procedure = { batch: 100, learningRate: 0.1, epochs: 1 }

/**
 * How far a returned weight may be from the float64 replay, relative to the largest replay weight.
 * float32 training with any order of additions (a batched matmul, a per-sample sum, a GPU reduction)
 * lands within ~1e-5 of it (measured: see the README); a procedure that differs in one stated detail
 * (batch size, learning rate, the mean over the batch, one epoch more or less, a skipped batch, closed
 * form) lands 1e-2 to 1 away.
 */
const TOLERANCE = 1e-3

function dataset(seed: number, n: number, procedure: Procedure): Dataset {
  const { x, y } = samples(seed, n)
  return { x, y, n, features: FEATURES, classes: CLASSES, ...procedure }
}

function check(input: Dataset, output: unknown) {
  const length = (FEATURES + 1) * CLASSES
  if (!(output instanceof Float32Array))
    return fail(
      msg({
        en: `expected a Float32Array of ${length} weights, got ${excerpt(output)}`,
        ko: `가중치 ${length}개의 Float32Array여야 하는데 ${excerpt(output)} 을(를) 받았습니다`,
      }),
    )
  if (output.length !== length)
    return fail(
      msg({
        en: `expected ${length} weights ((features + 1) × classes, bias row last), got ${output.length}`,
        ko: `가중치가 ${length}개((features + 1) × classes, 마지막 행이 편향)여야 하는데 ${output.length}개입니다`,
      }),
      { expected: String(length), actual: String(output.length) },
    )
  const bad = output.findIndex((v) => !Number.isFinite(v))
  if (bad >= 0)
    return fail(
      msg({
        en: `${weightName(bad)} is ${output[bad]}: training diverged (an overflowing exp, or a learning rate too high?)`,
        ko: `${weightNameKo(bad)} 값이 ${output[bad]}입니다: 학습이 발산했습니다(exp가 넘쳤거나 학습률이 너무 큰가요?)`,
      }),
    )
  const expected = replay(input, input.n, input)
  let scale = 0
  for (const v of expected) scale = Math.max(scale, Math.abs(v))
  let worst = 0
  for (let i = 1; i < length; i++)
    if (Math.abs(output[i]! - expected[i]!) > Math.abs(output[worst]! - expected[worst]!)) worst = i
  const off = Math.abs(output[worst]! - expected[worst]!) / scale
  if (off > TOLERANCE)
    return fail(
      msg({
        en: `${weightName(worst)} is ${output[worst]}, but the stated procedure (weights from zero; ${input.epochs} epoch(s) over the samples in order, batches of ${input.batch}, η = ${input.learningRate}, the gradient's mean over each batch) gives ${expected[worst]!.toPrecision(6)}: off by ${(off * 100).toPrecision(2)}% of the largest weight (at most ${TOLERANCE * 100}% allowed)`,
        ko: `${weightNameKo(worst)} 값이 ${output[worst]}인데, 제시된 절차(가중치는 0에서 시작, 샘플을 순서대로 훑는 에폭 ${input.epochs}번, 배치 크기 ${input.batch}, η = ${input.learningRate}, 배치마다 경사의 평균)로는 ${expected[worst]!.toPrecision(6)}입니다: 가장 큰 가중치의 ${(off * 100).toPrecision(2)}%만큼 벗어났습니다(허용: 최대 ${TOLERANCE * 100}%)`,
      }),
      { expected: expected[worst]!.toPrecision(6), actual: String(output[worst]) },
    )
  return true
}

function weightName(index: number): string {
  const row = Math.floor(index / CLASSES)
  const column = index % CLASSES
  return row === FEATURES ? `the bias of class ${column}` : `weight W[${row}][${column}]`
}

function weightNameKo(index: number): string {
  const row = Math.floor(index / CLASSES)
  const column = index % CLASSES
  return row === FEATURES ? `클래스 ${column}의 편향` : `가중치 W[${row}][${column}]`
}

export default defineTests<Dataset, Float32Array>({
  generate: (seed, size) => dataset(seed, size, STANDARD),
  check,
  samples: [
    { name: '600 samples, batches of 100', seed: 1, size: 600 },
    {
      name: '250 samples, batches of 64, 2 epochs',
      input: dataset(5, 250, { batch: 64, learningRate: 0.2, epochs: 2 }),
    },
  ],
  hidden: [
    { name: '2000 samples (4 MB: a full batch and its transpose do not fit in 8 MB)', seed: 3, size: 2000 },
    {
      name: '700 samples, batches of 128, 3 epochs',
      input: dataset(4, 700, { batch: 128, learningRate: 0.05, epochs: 3 }),
    },
    {
      name: '333 samples, batches of 50 (the last one 33)',
      input: dataset(6, 333, { batch: 50, learningRate: 0.1, epochs: 1 }),
    },
  ],
  generated: { count: 1, sizes: [700, 900] },
  describe: (input) =>
    msg({
      en: `${input.n} samples × ${input.features} features, ${input.classes} classes; batches of ${input.batch}, η = ${input.learningRate}, ${input.epochs} epoch(s)`,
      ko: `샘플 ${input.n}개 × 특징 ${input.features}개, 클래스 ${input.classes}개; 배치 크기 ${input.batch}, η = ${input.learningRate}, 에폭 ${input.epochs}번`,
    }),
})
