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

/** Rows of a table with a dictionary-encoded (categorical) key column and a value column. */
interface Orders {
  /** The dictionary: `groups[g]` is the name of group code `g`; there are `groups.length` groups. */
  groups: string[]
  /** `keys[i]` is the group code of row `i`, in [0, groups.length). */
  keys: Int32Array
  /** `values[i]` is the value of row `i`. */
  values: Float64Array
}
/** Index `g` of every array is about group code `g`. */
interface Aggregates {
  count: Int32Array
  sum: Float64Array
  mean: Float64Array
  min: Float64Array
  max: Float64Array
}
type Input = Orders
type Output = Aggregates

/** Sums and means: |actual - expected| <= TOLERANCE * max(1, scale of the group's |values|). */
const TOLERANCE = 1e-9

// ---------------------------------------------------------------------------------------------
// The expected answer.

interface Expected extends Aggregates {
  /** Sum of |value| per group: the scale the tolerance of sums and means is relative to. */
  sumAbs: Float64Array
}

function aggregate(input: Input): Expected {
  const { keys, values } = input
  const k = input.groups.length
  const count = new Int32Array(k)
  const sum = new Float64Array(k)
  const sumAbs = new Float64Array(k)
  const min = new Float64Array(k).fill(Number.NaN)
  const max = new Float64Array(k).fill(Number.NaN)
  for (let i = 0; i < keys.length; i++) {
    const g = keys[i]!
    const v = values[i]!
    if (count[g] === 0) {
      min[g] = v
      max[g] = v
    } else {
      if (v < min[g]!) min[g] = v
      if (v > max[g]!) max[g] = v
    }
    count[g]!++
    sum[g]! += v
    sumAbs[g]! += Math.abs(v)
  }
  const mean = new Float64Array(k)
  for (let g = 0; g < k; g++) mean[g] = count[g] === 0 ? Number.NaN : sum[g]! / count[g]!
  return { count, sum, mean, min, max, sumAbs }
}

// ---------------------------------------------------------------------------------------------
// Checking an untrusted output.

const FIELDS = ['count', 'sum', 'mean', 'min', 'max'] as const
type Field = (typeof FIELDS)[number]

function tagOf(value: unknown): string {
  return Object.prototype.toString.call(value).slice(8, -1)
}

function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return `Array(${value.length})`
  if (ArrayBuffer.isView(value))
    return `${tagOf(value)}(${(value as unknown as { length?: number }).length ?? '?'})`
  return typeof value
}

function groupRow(arrays: Record<Field, ArrayLike<number>>, g: number): Record<Field, number> {
  return {
    count: arrays.count[g]!,
    sum: arrays.sum[g]!,
    mean: arrays.mean[g]!,
    min: arrays.min[g]!,
    max: arrays.max[g]!,
  }
}

function check(input: Input, output: unknown): CheckResult {
  const k = input.groups.length
  if (typeof output !== 'object' || output === null || Array.isArray(output)) {
    const message = msg({
      en: `solve must return an object { count, sum, mean, min, max }, got ${kindOf(output)}.`,
      ko: `solve는 { count, sum, mean, min, max } 객체를 반환해야 하는데 ${kindOf(output)} 을(를) 반환했습니다.`,
    })
    return fail(message, {
      expected: `{ count: Int32Array(${k}), sum, mean, min, max: Float64Array(${k}) }`,
      actual: kindOf(output),
    })
  }
  const got = output as Record<string, unknown>
  for (const field of FIELDS) {
    const type = field === 'count' ? 'Int32Array' : 'Float64Array'
    const array = got[field]
    // Tag, not instanceof: the output may come from another realm.
    if (tagOf(array) !== type || (array as ArrayLike<number>).length !== k) {
      return fail(
        msg({
          en: `output.${field} must be an ${type} with one entry per group (${k}), got ${kindOf(array)}.`,
          ko: `output.${field}은(는) 그룹마다 값이 하나(${k}개)인 ${type}여야 하는데 ${kindOf(array)}입니다.`,
        }),
        {
          expected: `${type}(${k})`,
          actual: kindOf(array),
        },
      )
    }
  }
  const actual = got as unknown as Record<Field, ArrayLike<number>>
  const want = aggregate(input)
  for (let g = 0; g < k; g++) {
    const n = want.count[g]!
    const scale = Math.max(1, want.sumAbs[g]!)
    for (const field of FIELDS) {
      const e = want[field][g]!
      const a = actual[field][g]!
      let ok: boolean
      if (Number.isNaN(e)) ok = Number.isNaN(a)
      else if (field === 'sum') ok = Math.abs(a - e) <= TOLERANCE * scale
      else if (field === 'mean') ok = Math.abs(a - e) <= (TOLERANCE * scale) / n
      else ok = a === e
      if (!ok) {
        const about =
          n === 0
            ? 'This group has no rows: its count and sum are 0, and its mean, min and max are NaN.'
            : `This group has ${n} row${n === 1 ? '' : 's'}.`
        const aboutKo =
          n === 0
            ? '이 그룹에는 행이 없습니다: count와 sum은 0이고 mean, min, max는 NaN입니다.'
            : `이 그룹의 행은 ${n}개입니다.`
        const message = msg({
          en: `Group ${g} ("${input.groups[g]}"), ${field}: expected ${e}, got ${a}. ${about}`,
          ko: `${g}번 그룹("${input.groups[g]}")의 ${field}: 기댓값 ${e}, 실제 값 ${a}. ${aboutKo}`,
        })
        return fail(message, {
          expected: `group ${g}: ${excerpt(groupRow(want, g))}`,
          actual: `group ${g}: ${excerpt(groupRow(actual, g))}`,
        })
      }
    }
  }
  return pass()
}

// ---------------------------------------------------------------------------------------------
// Inputs.

function storeNames(k: number): string[] {
  const names: string[] = new Array(k)
  for (let g = 0; g < k; g++) names[g] = `store-${String(g + 1).padStart(4, '0')}`
  return names
}

function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i)
    const item = items[i]!
    items[i] = items[j]!
    items[j] = item
  }
  return items
}

/**
 * `n` rows over `k` groups. Each group is empty with probability `emptyShare` (the last one with
 * probability 1/2, so that "one past the largest key seen" is not always the number of groups);
 * the others get a skewed share of the rows and amounts in cents around a group-specific center,
 * some of them negative (refunds).
 */
function orders(rng: Rng, n: number, k: number, emptyShare: number): Input {
  const present: number[] = []
  for (let g = 0; g < k; g++) {
    const empty = g === k - 1 ? rng.float() < 0.5 : rng.float() < emptyShare
    if (!empty) present.push(g)
  }
  if (present.length === 0) present.push(rng.int(0, k - 1))
  shuffle(rng, present)
  const center = new Float64Array(k)
  const width = new Float64Array(k)
  for (let g = 0; g < k; g++) {
    const scale = 10 ** (rng.float() * 3) // 1 .. 1000
    center[g] = scale * (rng.float() * 2.4 - 0.4)
    width[g] = scale * (0.1 + rng.float())
  }
  const m = present.length
  const keys = new Int32Array(n)
  const values = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const u = rng.float()
    const g = present[Math.floor(m * u * u)]!
    keys[i] = g
    values[i] = Math.round((center[g]! + width[g]! * (rng.float() - 0.5)) * 100) / 100
  }
  return { groups: storeNames(k), keys, values }
}

/** `size` rows over about sqrt(size) groups (at most 2000), about 1 in 10 of them empty. */
function generate(seed: number, size: number): Input {
  const rng = createRng(seed)
  const k = Math.max(1, Math.min(2000, Math.round(Math.sqrt(size))))
  return orders(rng, size, k, 0.1)
}

function literal(groups: string[], rows: [number, number][]): Input {
  return {
    groups,
    keys: Int32Array.from(rows, ([g]) => g),
    values: Float64Array.from(rows, ([, v]) => v),
  }
}

/** Groups 0, 2, 5, 6, 8 and 9 have no rows. */
function emptyGroups(): Input {
  const rng = createRng(10)
  const used = [1, 3, 4, 7]
  const n = 500
  const keys = new Int32Array(n)
  const values = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    keys[i] = used[rng.int(0, used.length - 1)]!
    values[i] = rng.int(-5000, 5000) / 100
  }
  return { groups: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'hol', 'x1', 'x2'], keys, values }
}

/** All values negative in one group, all positive in another, mixed in the third. */
function signs(): Input {
  const rng = createRng(11)
  const n = 3000
  const keys = new Int32Array(n)
  const values = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const g = i % 3
    keys[i] = g
    const magnitude = 0.01 + rng.float() * 100
    values[i] = g === 0 ? -magnitude : g === 1 ? magnitude : magnitude - 50
  }
  return { groups: ['refunds', 'sales', 'adjustments'], keys, values }
}

/** Amounts up to 1e15: sums far beyond 2^31 (and beyond 2^53, where doubles stop being exact integers). */
function largeValues(): Input {
  const rng = createRng(12)
  const n = 20_000
  const keys = new Int32Array(n)
  const values = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    keys[i] = rng.int(0, 4)
    values[i] = Math.round(10 ** (9 + rng.float() * 6) * (rng.float() < 0.2 ? -1 : 1))
  }
  return { groups: ['usd', 'eur', 'jpy', 'krw', 'idr'], keys, values }
}

export default defineTests<Input, Output>({
  generate,
  check,
  samples: [
    {
      name: 'example',
      input: literal(
        ['north', 'south', 'east'],
        [
          [0, 10],
          [1, 4],
          [0, 30],
          [0, 20],
          [1, 6],
        ],
      ),
    },
    {
      name: 'refunds',
      input: literal(
        ['books', 'games', 'music'],
        [
          [2, -12.5],
          [0, 8.25],
          [2, -3],
          [1, 59.99],
          [0, -8.25],
          [2, -0.5],
        ],
      ),
    },
    { name: 'random-40-rows', seed: 3, size: 40 },
  ],
  hidden: [
    { name: 'one-row', input: literal(['only'], [[0, 12.5]]) },
    { name: 'single-group', input: orders(createRng(20), 10_000, 1, 0) },
    { name: 'empty-groups', input: emptyGroups() },
    { name: 'all-negative-all-positive', input: signs() },
    { name: 'large-values', input: largeValues() },
    { name: 'many-small-groups', input: orders(createRng(21), 60_000, 50_000, 0.3) },
  ],
  generated: { count: 5, sizes: [10, 100, 1000, 10_000, 100_000] },
  describe(input) {
    const groups = excerpt(input.groups, 80)
    return msg({
      en: `${input.keys.length} rows, ${input.groups.length} groups (${groups})`,
      ko: `행 ${input.keys.length}개, 그룹 ${input.groups.length}개 (${groups})`,
    })
  },
})
