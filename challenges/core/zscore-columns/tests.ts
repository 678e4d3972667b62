import {
  type CheckResult,
  createRng,
  defineTests,
  excerpt,
  fail,
  msg,
  pass,
  type Rng,
} from '@arena/grader/authoring'

/** A table stored by columns: `columns[j][i]` is row `i` of the column named `names[j]`. */
interface Table {
  names: string[]
  columns: Float64Array[]
}
type Input = Table
/** `output[j][i]` is the z-score of `columns[j][i]` within column `j`. */
type Output = Float64Array[]

/** |actual - expected| <= TOLERANCE * max(1, |expected|) */
const TOLERANCE = 1e-9
/** Columns in generated tables (samples and hidden cases use other widths). */
const GENERATED_COLUMNS = 6

const NAME_POOL = [
  'price',
  'quantity',
  'discount',
  'rating',
  'latency_ms',
  'temperature',
  'humidity',
  'height_cm',
  'weight_kg',
  'income',
  'age',
  'score',
  'distance_km',
  'duration_s',
  'clicks',
  'revenue',
]

// ---------------------------------------------------------------------------------------------
// The expected answer, computed the plain way: two passes per column (mean, then the mean of the
// squared deviations), population standard deviation, and 0 for a column whose values are all equal.

interface ColumnStats {
  mean: number
  std: number
  constant: boolean
}

function columnStats(x: Float64Array): ColumnStats {
  const n = x.length
  let sum = 0
  let constant = true
  for (let i = 0; i < n; i++) {
    sum += x[i]!
    if (x[i] !== x[0]) constant = false
  }
  const mean = sum / n
  let squares = 0
  for (let i = 0; i < n; i++) squares += (x[i]! - mean) ** 2
  return { mean, std: Math.sqrt(squares / n), constant }
}

function expectedZ(x: Float64Array, stats: ColumnStats): Float64Array {
  const z = new Float64Array(x.length)
  if (stats.constant) return z
  for (let i = 0; i < x.length; i++) z[i] = (x[i]! - stats.mean) / stats.std
  return z
}

// ---------------------------------------------------------------------------------------------
// Checking an untrusted output.

function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return `Array(${value.length})`
  if (ArrayBuffer.isView(value)) {
    const tag = Object.prototype.toString.call(value).slice(8, -1)
    return `${tag}(${(value as unknown as { length?: number }).length ?? '?'})`
  }
  return typeof value
}

function isFloat64Array(value: unknown): value is Float64Array {
  // Tag, not instanceof: the output may come from another realm.
  return Object.prototype.toString.call(value) === '[object Float64Array]'
}

function around(values: ArrayLike<number>, index: number): string {
  const from = Math.max(0, index - 3)
  const to = Math.min(values.length, index + 4)
  const window: number[] = []
  for (let i = from; i < to; i++) window.push(values[i]!)
  return `rows ${from}..${to - 1}: ${excerpt(window, 300)}`
}

function check(input: Input, output: unknown): CheckResult {
  const { names, columns } = input
  const k = columns.length
  const n = k > 0 ? columns[0]!.length : 0
  if (!Array.isArray(output)) {
    return fail(
      msg({
        en: `solve must return an array with one Float64Array per input column (${k}), got ${kindOf(output)}.`,
        ko: `solve는 입력 열마다 Float64Array 하나(${k}개)를 담은 배열을 반환해야 하는데 ${kindOf(output)} 을(를) 반환했습니다.`,
      }),
      {
        expected: `Array(${k}) of Float64Array(${n})`,
        actual: kindOf(output),
      },
    )
  }
  if (output.length !== k) {
    const message = msg({
      en: `The output must have one column per input column: expected ${k}, got ${output.length}.`,
      ko: `출력에는 입력 열마다 열이 하나씩 있어야 합니다: ${k}개여야 하는데 ${output.length}개입니다.`,
    })
    return fail(message, {
      expected: `Array(${k})`,
      actual: `Array(${output.length})`,
    })
  }
  for (let j = 0; j < k; j++) {
    const got: unknown = output[j]
    const name = names[j]
    if (!isFloat64Array(got) || got.length !== n) {
      return fail(
        msg({
          en: `output[${j}] (column "${name}") must be a Float64Array with ${n} values, got ${kindOf(got)}.`,
          ko: `output[${j}](열 "${name}")은(는) 값 ${n}개의 Float64Array여야 하는데 ${kindOf(got)}입니다.`,
        }),
        {
          expected: `Float64Array(${n})`,
          actual: kindOf(got),
        },
      )
    }
    const x = columns[j]!
    const stats = columnStats(x)
    const want = expectedZ(x, stats)
    for (let i = 0; i < n; i++) {
      const e = want[i]!
      const a = got[i]!
      // Written so that NaN fails.
      if (!(Math.abs(a - e) <= TOLERANCE * Math.max(1, Math.abs(e)))) {
        const about = stats.constant
          ? 'All values of this column are equal, so every z-score in it is 0.'
          : `This column has mean ${stats.mean} and population standard deviation ${stats.std}.`
        const aboutKo = stats.constant
          ? '이 열의 값은 모두 같으므로 z-점수는 모두 0입니다.'
          : `이 열의 평균은 ${stats.mean}, 모집단 표준편차는 ${stats.std}입니다.`
        const message = msg({
          en: `Column ${j} ("${name}"), row ${i}: x = ${x[i]}, expected z = ${e}, got ${a}. ${about}`,
          ko: `${j}번 열("${name}"), ${i}번 행: x = ${x[i]}, 기댓값 z = ${e}, 실제 값 ${a}. ${aboutKo}`,
        })
        return fail(message, {
          expected: around(want, i),
          actual: around(got, i),
        })
      }
    }
  }
  return pass()
}

// ---------------------------------------------------------------------------------------------
// Inputs.

function pickNames(rng: Rng, k: number): string[] {
  const pool = NAME_POOL.slice()
  const names: string[] = []
  for (let j = 0; j < k; j++) {
    const at = rng.int(j, pool.length - 1)
    const name = pool[at]!
    pool[at] = pool[j]!
    pool[j] = name
    names.push(name)
  }
  return names
}

/** One column of `n` rows, of a random kind and scale; the spread is never tiny next to the mean. */
function randomColumn(rng: Rng, n: number): Float64Array {
  const x = new Float64Array(n)
  const scale = 10 ** (rng.float() * 4 - 1) // 0.1 .. 1000
  switch (rng.int(0, 3)) {
    case 0: {
      // normal
      const mean = scale * (rng.float() * 40 - 20)
      for (let i = 0; i < n; i += 2) {
        const r = Math.sqrt(-2 * Math.log(1 - rng.float()))
        const t = 2 * Math.PI * rng.float()
        x[i] = mean + scale * r * Math.cos(t)
        if (i + 1 < n) x[i + 1] = mean + scale * r * Math.sin(t)
      }
      break
    }
    case 1: {
      // uniform
      const low = scale * (rng.float() * 200 - 100)
      const width = scale * (0.5 + rng.float())
      for (let i = 0; i < n; i++) x[i] = low + width * rng.float()
      break
    }
    case 2: {
      // small counts: many ties
      const m = rng.int(2, 1000)
      for (let i = 0; i < n; i++) x[i] = Math.floor(rng.float() * m)
      break
    }
    default: {
      // skewed (log-normal)
      for (let i = 0; i < n; i += 2) {
        const r = Math.sqrt(-2 * Math.log(1 - rng.float()))
        const t = 2 * Math.PI * rng.float()
        x[i] = scale * Math.exp(0.8 * r * Math.cos(t))
        if (i + 1 < n) x[i + 1] = scale * Math.exp(0.8 * r * Math.sin(t))
      }
    }
  }
  return x
}

/** `size` rows, GENERATED_COLUMNS columns. */
function generate(seed: number, size: number): Input {
  const rng = createRng(seed)
  const names = pickNames(rng, GENERATED_COLUMNS)
  return { names, columns: names.map(() => randomColumn(rng, size)) }
}

function table(columns: Record<string, number[] | Float64Array>): Input {
  return {
    names: Object.keys(columns),
    columns: Object.values(columns).map((values) => Float64Array.from(values)),
  }
}

function filled(n: number, f: (i: number) => number): Float64Array {
  const x = new Float64Array(n)
  for (let i = 0; i < n; i++) x[i] = f(i)
  return x
}

function constantColumns(): Input {
  const rng = createRng(2024)
  return table({
    // In floating point the mean of these is not exactly 0.1, so their computed deviation is not exactly 0.
    ratio: filled(1000, () => 0.1),
    offset: filled(1000, () => -7),
    noise: randomColumn(rng, 1000),
    one_outlier: filled(1000, (i) => (i === 500 ? 1 : 0)),
  })
}

/** Values far from 0 next to their spread: E[x^2] - mean^2 cancels catastrophically here. */
function largeOffset(): Input {
  const rng = createRng(99)
  return table({
    sensor_a: filled(1000, () => 1e6 + rng.int(-10, 10)),
    sensor_b: filled(1000, () => -2e5 + rng.int(-40, 40) / 4),
  })
}

function wideTable(): Input {
  const rng = createRng(16)
  const names = NAME_POOL.slice()
  return { names, columns: names.map(() => randomColumn(rng, 500)) }
}

function largeMagnitude(): Input {
  const rng = createRng(7)
  return table({
    gdp: filled(300, () => 1e12 * (1 + 9 * rng.float())),
    debt: filled(300, () => -1e11 * rng.float() * 5),
    tiny: filled(300, () => 1e-9 * (rng.float() - 0.5)),
  })
}

export default defineTests<Input, Output>({
  generate,
  check,
  samples: [
    {
      name: 'example',
      input: table({ a: [1, 2, 3, 4], b: [5, 5, 5, 5] }),
    },
    {
      name: 'all-equal-in-floating-point',
      input: table({ price: [0.1, 0.1, 0.1], quantity: [3, 1, 2] }),
    },
    { name: 'random-50-rows', seed: 7, size: 50 },
  ],
  hidden: [
    { name: 'one-row', input: table({ x: [42], y: [-0.5], z: [0] }) },
    { name: 'constant-columns', input: constantColumns() },
    { name: 'large-offset', input: largeOffset() },
    { name: 'wide-table', input: wideTable() },
    { name: 'large-magnitude', input: largeMagnitude() },
  ],
  generated: { count: 5, sizes: [10, 100, 1000, 10_000, 50_000] },
  describe(input) {
    const n = input.columns[0]?.length ?? 0
    return msg({
      en: `${input.columns.length} columns × ${n} rows (${input.names.join(', ')})`,
      ko: `열 ${input.columns.length}개 × 행 ${n}개 (${input.names.join(', ')})`,
    })
  },
})
