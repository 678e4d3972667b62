import {
  type CheckContext,
  defineTests,
  excerpt,
  fail,
  type GenerateContext,
  msg,
} from '@arena/grader/authoring'

/** A file of `count` little-endian Float64 scores; return the `k` largest and the mean of all. */
interface ScoresJob {
  input: string
  count: number
  k: number
}
interface Summary {
  top: Float64Array
  mean: number
}

type Shape = 'random' | 'ascending' | 'ties'
const CHUNK = 1 << 17

/** sfc32: a small, fast seeded generator. */
function sfc32(seed: number): () => number {
  let a = 0x9e3779b9
  let b = 0x243f6a88
  let c = 0xb7e15162
  let d = seed | 0
  const next = () => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  for (let i = 0; i < 12; i++) next()
  return next
}

function* scores(seed: number, count: number, shape: Shape): Generator<Float64Array> {
  const next = sfc32(seed)
  const chunk = new Float64Array(CHUNK)
  for (let done = 0; done < count; done += CHUNK) {
    const n = Math.min(CHUNK, count - done)
    for (let i = 0; i < n; i++) {
      chunk[i] =
        shape === 'ascending'
          ? done + i - count / 2
          : shape === 'ties'
            ? next() % 50
            : (next() / 2 ** 32 - 0.5) * 1e6 + next() / 2 ** 32
    }
    yield chunk.subarray(0, n)
  }
}

function job(seed: number, size: number, ctx: GenerateContext, shape: Shape = 'random'): ScoresJob {
  return {
    input: ctx.files.write('scores.bin', scores(seed, size, shape)),
    count: size,
    k: Math.min(1000, size),
  }
}

/** The k largest, descending, by plain filtering: keep values above the current k-th, trim when large. */
function expected(input: ScoresJob, ctx: CheckContext): { top: Float64Array; mean: number } {
  let kept = new Float64Array(4 * input.k + CHUNK)
  let size = 0
  let threshold = Number.NEGATIVE_INFINITY
  let sum = 0
  for (const chunk of ctx.files.chunks(input.input)) {
    const values = new Float64Array(chunk.buffer, 0, chunk.length / 8)
    for (let i = 0; i < values.length; i++) {
      const value = values[i] as number
      sum += value
      if (value >= threshold) kept[size++] = value
    }
    if (size > 2 * input.k) {
      const sorted = kept.subarray(0, size).sort().reverse()
      kept = new Float64Array(4 * input.k + CHUNK)
      kept.set(sorted.subarray(0, input.k))
      size = input.k
      threshold = kept[input.k - 1] as number
    }
  }
  const top = kept.subarray(0, size).sort().reverse().slice(0, input.k)
  return { top, mean: input.count === 0 ? 0 : sum / input.count }
}

function check(input: ScoresJob, output: Summary, ctx: CheckContext) {
  if (!output || typeof output !== 'object')
    return fail(
      msg({
        en: `expected { top, mean }, got ${excerpt(output)}`,
        ko: `{ top, mean } 객체여야 하는데 ${excerpt(output)} 을(를) 받았습니다`,
      }),
    )
  if (!(output.top instanceof Float64Array))
    return fail(
      msg({
        en: `top must be a Float64Array, got ${excerpt(output.top)}`,
        ko: `top은 Float64Array여야 하는데 ${excerpt(output.top)} 을(를) 받았습니다`,
      }),
    )
  const want = expected(input, ctx)
  if (output.top.length !== want.top.length) {
    return fail(
      msg({
        en: `top must hold ${want.top.length} values, it holds ${output.top.length}`,
        ko: `top에는 값이 ${want.top.length}개 있어야 하는데 ${output.top.length}개 있습니다`,
      }),
    )
  }
  for (let i = 0; i < want.top.length; i++) {
    if (output.top[i] !== want.top[i]) {
      const message = msg({
        en: `top[${i}] is wrong (the ${i + 1}-th largest score)`,
        ko: `top[${i}] 값이 틀렸습니다(${i + 1}번째로 큰 점수)`,
      })
      return fail(message, {
        expected: String(want.top[i]),
        actual: String(output.top[i]),
      })
    }
  }
  if (
    typeof output.mean !== 'number' ||
    !(Math.abs(output.mean - want.mean) <= 1e-9 * Math.max(1, Math.abs(want.mean)))
  ) {
    return fail(msg({ en: 'mean is wrong', ko: 'mean(평균)이 틀렸습니다' }), {
      expected: String(want.mean),
      actual: excerpt(output.mean),
    })
  }
  return true
}

export default defineTests<ScoresJob, Summary>({
  // Two hidden seeds pick adversarial shapes: every score is a new maximum, or scores tie massively.
  generate: (seed, size, ctx) =>
    job(seed, size, ctx, seed === 7001 ? 'ascending' : seed === 7002 ? 'ties' : 'random'),
  check,
  samples: [
    { name: '20 scores', seed: 1, size: 20 },
    { name: '50k scores', seed: 2, size: 50_000 },
  ],
  hidden: [
    { name: 'no scores', seed: 3, size: 0 },
    { name: '999 scores (fewer than k)', seed: 4, size: 999 },
    { name: '2M scores (16 MB: twice the memory limit)', seed: 5, size: 2_000_000 },
    { name: 'ascending: every score a new maximum', seed: 7001, size: 300_000 },
    { name: 'scores in [0, 50): ties everywhere', seed: 7002, size: 300_000 },
  ],
  generated: { count: 2, sizes: [123_457, 1_000_000] },
  describe: (input) =>
    msg({
      en: `${input.count} scores in ${input.input}, k = ${input.k}`,
      ko: `${input.input}에 점수 ${input.count}개, k = ${input.k}`,
    }),
})
