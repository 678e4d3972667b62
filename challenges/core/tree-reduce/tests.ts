import {
  type CheckContext,
  columnarFile,
  createRng,
  defineTests,
  excerpt,
  fail,
  type GenerateContext,
  msg,
} from '@arena/grader/authoring'

/**
 * A long array of sensor readings as a columnar file of one float64 column that only the dataset
 * engine reads, and the histogram's bins. The largest file is larger than the isolate's memory limit,
 * so the engine is the only way to the summary (issue 14, class 8).
 */
interface Readings {
  /** The array: a columnar file with one float64 column, `value`, every value in [low, high). */
  file: string
  /** How many values. */
  count: number
  /** The file's size in bytes. */
  bytes: number
  /** The histogram: `bins` equal bins over [low, high). */
  low: number
  high: number
  bins: number
}

interface Summary {
  count: number
  mean: number
  min: number
  max: number
  histogram: number[]
}

const ROW_GROUP_ROWS = 16_384

/** Readings of a drifting sensor: a slow wave, noise, and rare spikes, clamped to [low, high). */
function* readings(seed: number, count: number, low: number, high: number): Generator<[number]> {
  const rng = createRng(seed)
  const span = high - low
  for (let i = 0; i < count; i++) {
    const wave = Math.sin(i / 5000) * 0.25 + 0.5
    const spike = rng.float() < 0.001 ? rng.float() * 0.4 : 0
    const value = low + span * Math.min(0.999_999, Math.max(0, wave + rng.normal() * 0.08 + spike))
    yield [Math.round(value * 1000) / 1000]
  }
}

/** The expected summary, read back from the file's chunks (every row group, in order). */
function expectedSummary(input: Readings, ctx: CheckContext): Summary {
  const all = new Uint8Array(ctx.files.size(input.file))
  let at = 0
  for (const chunk of ctx.files.chunks(input.file)) {
    all.set(chunk, at)
    at += chunk.length
  }
  const view = new DataView(all.buffer, all.byteOffset, all.byteLength)
  const footerBytes = view.getUint32(all.length - 8, true)
  const footer = JSON.parse(
    new TextDecoder().decode(all.subarray(all.length - 8 - footerBytes, all.length - 8)),
  ) as { rowGroups: { rows: number; chunks: { offset: number }[] }[] }
  const histogram = new Array<number>(input.bins).fill(0)
  let count = 0
  let sum = 0
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  const width = (input.high - input.low) / input.bins
  for (const group of footer.rowGroups) {
    const offset = group.chunks[0]!.offset
    for (let r = 0; r < group.rows; r++) {
      const v = view.getFloat64(offset + 8 * r, true)
      count++
      sum += v
      if (v < min) min = v
      if (v > max) max = v
      histogram[Math.min(input.bins - 1, Math.floor((v - input.low) / width))]!++
    }
  }
  return { count, mean: sum / count, min, max, histogram }
}

function isNumberArray(value: unknown, length: number): value is number[] {
  return Array.isArray(value) && value.length === length && value.every((x) => typeof x === 'number')
}

export default defineTests<Readings, Summary>({
  generate(seed, size, ctx: GenerateContext) {
    const low = 0
    const high = 1000
    let bytes = 0
    const file = ctx.files.write(
      'readings.col',
      (function* () {
        for (const chunk of columnarFile([['value', 'float64']], readings(seed, size, low, high), {
          rowGroupRows: ROW_GROUP_ROWS,
        })) {
          bytes += chunk.length
          yield chunk
        }
      })(),
    )
    return { file, count: size, bytes, low, high, bins: seed % 2 === 0 ? 32 : 20 }
  },
  check(input, output, ctx) {
    const o = output as Partial<Record<keyof Summary, unknown>> | null
    if (o === null || typeof o !== 'object' || Array.isArray(o))
      return fail(
        msg({
          en: `expected { count, mean, min, max, histogram }, got ${excerpt(output)}`,
          ko: `{ count, mean, min, max, histogram } 이어야 하는데 ${excerpt(output)} 을(를) 받았습니다`,
        }),
      )
    if (!isNumberArray(o.histogram, input.bins))
      return fail(
        msg({
          en: `histogram must be an array of ${input.bins} counts, got ${excerpt(o.histogram)}`,
          ko: `histogram은 개수 ${input.bins}개의 배열이어야 하는데 ${excerpt(o.histogram)} 입니다`,
        }),
      )
    const want = expectedSummary(input, ctx)
    for (const key of ['count', 'min', 'max'] as const)
      if (o[key] !== want[key])
        return fail(msg({ en: `${key} is wrong`, ko: `${key}가 틀렸습니다` }), {
          expected: String(want[key]),
          actual: excerpt(o[key]),
        })
    // Sums in any order agree to ~1e-12 relative here; a mean of partial means is off by far more.
    if (
      typeof o.mean !== 'number' ||
      !(Math.abs(o.mean - want.mean) <= 1e-9 * Math.max(1, Math.abs(want.mean)))
    )
      return fail(msg({ en: 'mean is wrong', ko: 'mean이 틀렸습니다' }), {
        expected: String(want.mean),
        actual: excerpt(o.mean),
      })
    const bin = want.histogram.findIndex(
      (n, i) => o.histogram !== undefined && (o.histogram as number[])[i] !== n,
    )
    if (bin >= 0)
      return fail(
        msg({
          en: `histogram bin ${bin} [${input.low + (bin * (input.high - input.low)) / input.bins}, …) is wrong`,
          ko: `histogram의 ${bin}번 구간 [${input.low + (bin * (input.high - input.low)) / input.bins}, …)이 틀렸습니다`,
        }),
        { expected: String(want.histogram[bin]), actual: excerpt((o.histogram as number[])[bin]) },
      )
    return true
  },
  samples: [
    { name: '10 seeded readings', seed: 1, size: 10 },
    { name: '5000 seeded readings', seed: 2, size: 5000 },
  ],
  hidden: [
    { name: 'one reading', seed: 3, size: 1 },
    { name: '100,000 readings', seed: 4, size: 100_000 },
    // ~20 MB: more than the 16 MB a run's isolate may hold. Only the engine's tasks read all of it.
    { name: 'readings larger than your memory', seed: 6, size: 2_500_000 },
  ],
  generated: { count: 3, sizes: [7, 3000, 40_000] },
  describe: (input) =>
    msg({
      en: `${input.count} readings (${input.bytes} bytes), ${input.bins} bins over [${input.low}, ${input.high})`,
      ko: `값 ${input.count}개(${input.bytes}바이트), [${input.low}, ${input.high}) 구간 ${input.bins}개`,
    }),
})
